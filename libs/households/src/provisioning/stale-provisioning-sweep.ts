import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobQueue, OnJob, RecurringJobScheduler } from '@foyer/jobs';
import { HouseholdProvisioningRepository } from '../repositories/household-provisioning.repository';

/** How often the sweep runs, and how old a household still provisioning must be to count. */
export const STALE_PROVISIONING_SWEEP_INTERVAL_MS = 10 * 60 * 1000;
export const STALE_PROVISIONING_AFTER_SECONDS = 15 * 60;
const SWEEP_BATCH = 100;

/**
 * A provisioning job that failed all its attempts (storage down for an hour, say) would leave the
 * household `provisioning` for good. Every ten minutes this queues provisioning again for each
 * household stuck for a quarter of an hour; provisioning is idempotent, so a job that was merely
 * slow loses nothing to a second one.
 */
@Injectable()
export class StaleProvisioningSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaleProvisioningSweep.name);

  constructor(
    private readonly households: HouseholdProvisioningRepository,
    private readonly jobs: JobQueue,
    private readonly recurring: RecurringJobScheduler,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.recurring.scheduleCurrent(
      JobName.ReprovisionStaleHouseholds,
      STALE_PROVISIONING_SWEEP_INTERVAL_MS,
    );
  }

  @OnJob(JobName.ReprovisionStaleHouseholds)
  async sweep(): Promise<void> {
    const stale = await this.households.findStaleProvisioning(
      STALE_PROVISIONING_AFTER_SECONDS,
      SWEEP_BATCH,
    );
    for (const householdId of stale) {
      this.logger.warn(
        { householdId },
        'Household still provisioning: queueing provisioning again',
      );
      await this.jobs.enqueue(
        JobName.ProvisionHousehold,
        { householdId },
        { deduplicationKey: `reprovision:${householdId}` },
      );
    }
    await this.recurring.scheduleNext(
      JobName.ReprovisionStaleHouseholds,
      STALE_PROVISIONING_SWEEP_INTERVAL_MS,
    );
  }
}
