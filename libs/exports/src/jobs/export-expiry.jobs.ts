import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { toHouseholdId } from '@foyer/core';
import { householdBucket } from '@foyer/households';
import { JobName, OnJob, RecurringJobScheduler } from '@foyer/jobs';
import { ObjectStorage } from '@foyer/storage';
import { ExportHouseholdRepository } from '../repositories/export-household.repository';
import { ExportRepository } from '../repositories/export.repository';

export const EXPORT_EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * `exports.expire`, hourly: in every household, the ready archives past their expiry are deleted
 * from storage, then marked `expired` (in that order, so a failure leaves the row ready and the
 * next run tries again, rather than an object nobody would ever delete).
 */
@Injectable()
export class ExportExpiryJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExportExpiryJobs.name);

  constructor(
    private readonly exports: ExportRepository,
    private readonly households: ExportHouseholdRepository,
    private readonly storage: ObjectStorage,
    private readonly recurring: RecurringJobScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recurring.scheduleCurrent(JobName.ExpireExports, EXPORT_EXPIRY_INTERVAL_MS);
  }

  @OnJob(JobName.ExpireExports)
  async expire(): Promise<void> {
    try {
      await this.expireAll();
    } finally {
      await this.recurring.scheduleNext(JobName.ExpireExports, EXPORT_EXPIRY_INTERVAL_MS);
    }
  }

  /** Returns how many archives were deleted. */
  async expireAll(now = new Date()): Promise<number> {
    let expired = 0;
    for (const id of await this.households.householdIds()) {
      const householdId = toHouseholdId(id);
      try {
        for (const row of await this.exports.dueForExpiry(householdId, now)) {
          if (row.objectKey) {
            await this.storage.removeObject(householdBucket(householdId), row.objectKey);
          }
          await this.exports.markExpired(householdId, row.id);
          expired++;
        }
      } catch (error) {
        this.logger.warn({ err: error, householdId }, 'Could not expire exports');
      }
    }
    if (expired > 0) this.logger.log({ expired }, 'Deleted expired export archives');
    return expired;
  }
}
