import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobPayloads } from './job-name';
import { JobQueue } from './job-queue';

/** Jobs without payload: the only ones that can recur on their own. */
export type RecurringJobName = {
  [N in JobName]: JobPayloads[N] extends Record<string, never> ? N : never;
}[JobName];

/**
 * Runs a job once per slot of a fixed length, whatever the number of replicas: every process
 * queues the current slot's run at boot (so the chain survives a lost job), each run queues the
 * next slot's, and the slot is the deduplication key, so replicas never multiply runs.
 */
@Injectable()
export class RecurringJobScheduler {
  private readonly logger = new Logger(RecurringJobScheduler.name);

  constructor(private readonly jobs: JobQueue) {}

  /** At boot: the run of the slot we are in, now. */
  scheduleCurrent(name: RecurringJobName, intervalMs: number): Promise<void> {
    return this.schedule(name, Math.floor(Date.now() / intervalMs), 0);
  }

  /** At the end of a run: the run of the next slot, at its start. */
  scheduleNext(name: RecurringJobName, intervalMs: number): Promise<void> {
    const next = Math.floor(Date.now() / intervalMs) + 1;
    return this.schedule(name, next, next * intervalMs - Date.now());
  }

  private async schedule(name: RecurringJobName, slot: number, delayMs: number): Promise<void> {
    try {
      await this.jobs.enqueue(name, {} as JobPayloads[typeof name], {
        delayMs: Math.max(0, delayMs),
        deduplicationKey: `${name}@${slot}`,
      });
    } catch (error) {
      // The next boot (or the next run) schedules it again; a missed slot only delays the work.
      this.logger.warn({ err: error }, `Could not schedule the recurring job ${name}`);
    }
  }
}
