import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobQueue, OnJob } from '@foyer/jobs';
import { AuthRecordsPurger } from '../services/auth-records-purger';

/** The purge runs once per slot of this length, whatever the number of replicas. */
export const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;

const slotOf = (time: number): number => Math.floor(time / PURGE_INTERVAL_MS);
const keyOf = (slot: number): string => `${JobName.PurgeExpiredAuthRecords}@${slot}`;

/**
 * Purges expired authentication records every six hours. Each run queues the next one for the
 * start of the next slot; every process queues the current slot's run at boot (so the chain
 * survives a lost job). The deduplication key is the slot, so replicas do not multiply runs.
 */
@Injectable()
export class AuthRecordsPurgeJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthRecordsPurgeJob.name);

  constructor(
    private readonly purger: AuthRecordsPurger,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule(slotOf(Date.now()), 0);
  }

  @OnJob(JobName.PurgeExpiredAuthRecords)
  async purgeExpiredAuthRecords(): Promise<void> {
    await this.purger.purge();
    const next = slotOf(Date.now()) + 1;
    await this.schedule(next, next * PURGE_INTERVAL_MS - Date.now());
  }

  private async schedule(slot: number, delayMs: number): Promise<void> {
    try {
      await this.jobs.enqueue(
        JobName.PurgeExpiredAuthRecords,
        {},
        { delayMs: Math.max(0, delayMs), deduplicationKey: keyOf(slot) },
      );
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not schedule the purge of expired authentication records',
      );
    }
  }
}
