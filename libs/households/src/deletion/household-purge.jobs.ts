import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobPayloads, JobQueue, OnJob } from '@foyer/jobs';
import { HouseholdPurger } from './household-purger';

/** The sweep for households due for purging runs once per slot of this length. */
export const PURGE_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const slotOf = (time: number): number => Math.floor(time / PURGE_SWEEP_INTERVAL_MS);
const sweepKeyOf = (slot: number): string => `${JobName.PurgeDueHouseholds}@${slot}`;

/**
 * Every hour, queues one purge job per household whose grace period has ended. Each sweep queues
 * the next one for the start of the next slot, and every process queues the current slot's
 * sweep at boot (so the chain survives a lost job); the slot is the deduplication key, so
 * replicas do not multiply sweeps. A purge is its own job, keyed by household, so one failing
 * household is retried on its own without holding up the others.
 */
@Injectable()
export class HouseholdPurgeJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(HouseholdPurgeJobs.name);

  constructor(
    private readonly purger: HouseholdPurger,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule(slotOf(Date.now()), 0);
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
    const next = slotOf(Date.now()) + 1;
    await this.schedule(next, next * PURGE_SWEEP_INTERVAL_MS - Date.now());
  }

  @OnJob(JobName.PurgeHousehold)
  async purge(payload: JobPayloads[JobName.PurgeHousehold]): Promise<void> {
    await this.purger.purge(payload.householdId);
  }

  private async schedule(slot: number, delayMs: number): Promise<void> {
    try {
      await this.jobs.enqueue(
        JobName.PurgeDueHouseholds,
        {},
        { delayMs: Math.max(0, delayMs), deduplicationKey: sweepKeyOf(slot) },
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not schedule the sweep for households to purge');
    }
  }
}
