import { Injectable, Logger } from '@nestjs/common';
import { ObjectStorage } from '@foyer/storage';
import { householdBucket } from '../provisioning/household-bucket';
import { HouseholdLifecycleRepository } from '../repositories/household-lifecycle.repository';

/** How many households one sweep queues for purging; the next sweep takes the rest. */
export const PURGE_SWEEP_BATCH = 500;

/**
 * Deletes a household whose grace period is over: its bucket with every object, its data key,
 * then its row, which takes every other row of the household with it (ON DELETE CASCADE).
 * Idempotent, step by step: the status `purging` marks a purge that was started, so a retried or
 * crashed purge resumes where it stopped, and a household that was cancelled, is not due yet, or
 * is already gone is left as it is.
 */
@Injectable()
export class HouseholdPurger {
  private readonly logger = new Logger(HouseholdPurger.name);

  constructor(
    private readonly lifecycle: HouseholdLifecycleRepository,
    private readonly storage: ObjectStorage,
  ) {}

  /** Ids of the households to purge now (due, or a purge left unfinished). */
  due(): Promise<string[]> {
    return this.lifecycle.findDueForPurge(PURGE_SWEEP_BATCH);
  }

  /** True when this call purged the household; false when there was nothing to do. */
  async purge(householdId: string): Promise<boolean> {
    if (!(await this.lifecycle.startPurge(householdId))) return false;
    await this.storage.removeBucket(householdBucket(householdId));
    await this.lifecycle.destroyDataKey(householdId);
    await this.lifecycle.deletePurged(householdId);
    this.logger.log({ householdId }, 'Household purged');
    return true;
  }
}
