import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, OnJob, RecurringJobScheduler } from '@foyer/jobs';
import { AuthRecordsPurger } from '../services/auth-records-purger';

/** The purge runs once per slot of this length, whatever the number of replicas. */
export const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Purges expired authentication records every six hours. */
@Injectable()
export class AuthRecordsPurgeJob implements OnApplicationBootstrap {
  constructor(
    private readonly purger: AuthRecordsPurger,
    private readonly recurring: RecurringJobScheduler,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.recurring.scheduleCurrent(JobName.PurgeExpiredAuthRecords, PURGE_INTERVAL_MS);
  }

  @OnJob(JobName.PurgeExpiredAuthRecords)
  async purgeExpiredAuthRecords(): Promise<void> {
    await this.purger.purge();
    await this.recurring.scheduleNext(JobName.PurgeExpiredAuthRecords, PURGE_INTERVAL_MS);
  }
}
