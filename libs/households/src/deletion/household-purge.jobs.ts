import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobPayloads, JobQueue, OnJob, RecurringJobScheduler } from '@foyer/jobs';
import { HouseholdPurger } from './household-purger';

/** The sweep for households due for purging runs once per slot of this length. */
export const PURGE_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Every hour, queues one purge job per household whose grace period has ended. A purge is its own
 * job, keyed by household, so one failing household is retried on its own without holding up the
 * others.
 */
@Injectable()
export class HouseholdPurgeJobs implements OnApplicationBootstrap {
  constructor(
    private readonly purger: HouseholdPurger,
    private readonly jobs: JobQueue,
    private readonly recurring: RecurringJobScheduler,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.recurring.scheduleCurrent(JobName.PurgeDueHouseholds, PURGE_SWEEP_INTERVAL_MS);
  }

  @OnJob(JobName.PurgeDueHouseholds)
  async sweep(): Promise<void> {
    for (const householdId of await this.purger.due()) {
      await this.jobs.enqueue(
        JobName.PurgeHousehold,
        { householdId },
        { deduplicationKey: householdId },
      );
    }
    await this.recurring.scheduleNext(JobName.PurgeDueHouseholds, PURGE_SWEEP_INTERVAL_MS);
  }

  @OnJob(JobName.PurgeHousehold)
  async purge(payload: JobPayloads[JobName.PurgeHousehold]): Promise<void> {
    await this.purger.purge(payload.householdId);
  }
}
