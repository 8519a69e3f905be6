import { Injectable, Logger } from '@nestjs/common';
import { ObjectStorage } from '@foyer/storage';
import { HouseholdObjectKeyring } from '../keys/household-object-keyring';
import { householdBucket } from '../provisioning/household-bucket';
import { HouseholdLifecycleRepository } from '../repositories/household-lifecycle.repository';

/** How many households one sweep queues for purging; the next sweep takes the rest. */
export const PURGE_SWEEP_BATCH = 500;

/**
 * Deletes a household whose grace period is over: its data key first (crypto-shredding: from
 * then on no copy of its objects, in a backup of the store or a leaked bucket, can be read with
 * anything Foyer keeps), then its bucket with every object, then its row, which takes every other row of the household with it (ON DELETE CASCADE).
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
    private readonly keyring: HouseholdObjectKeyring,
  ) {}

  /** Ids of the households to purge now (due, or a purge left unfinished). */
  due(): Promise<string[]> {
    return this.lifecycle.findDueForPurge(PURGE_SWEEP_BATCH);
  }

  /** True when this call purged the household; false when there was nothing to do. */
  async purge(householdId: string): Promise<boolean> {
    if (!(await this.lifecycle.startPurge(householdId))) return false;
    await this.lifecycle.destroyDataKey(householdId);
    this.keyring.forget(householdId);
    await this.storage.removeBucket(householdBucket(householdId));
    await this.lifecycle.deletePurged(householdId);
    this.logger.log({ householdId }, 'Household purged');
    return true;
  }
}
