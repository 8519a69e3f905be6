import { JobName, JobPayloads, QueueName } from './job-name';

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface EnqueueOptions {
  /** Start no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** A job with the same key that is not finished yet is not added twice. */
  deduplicationKey?: string;
  /** Attempts before the job is failed for good (default 5, with exponential back-off). */
  attempts?: number;
}

/**
 * The port every library enqueues through. The driver is Bull on Redis in hosted mode and a
 * queue persisted in PostgreSQL in the embedded default; both have this one interface.
 */
export abstract class JobQueue {
  abstract enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options?: EnqueueOptions,
  ): Promise<void>;
  abstract counts(): Promise<Record<QueueName, Record<JobState, number>>>;
  /** Throws when the queue's backing store cannot be reached (readiness). */
  abstract ping(): Promise<void>;
}
