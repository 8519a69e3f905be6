import { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { JobName, JobPayloads, QUEUE_OF_JOB, QueueName } from './job-name';
import { resolveEnqueueOptions } from './check-enqueue-options';
import { emptyJobCounts } from './empty-job-counts';
import { EnqueueOptions, JobQueue, JobState } from './job-queue';
import { queryRows } from './query-rows';

/**
 * The embedded default: jobs are rows of the `jobs` table, so they survive a restart with the
 * rest of the household's data and need no other server. `PostgresJobConsumer` runs them.
 */
export class PostgresJobQueue extends JobQueue {
  private readonly enqueued = new EventEmitter();

  constructor(
    private readonly dataSource: DataSource,
    private readonly defaultAttempts: number,
  ) {
    super();
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    const { attempts, delayMs } = resolveEnqueueOptions(name, options, this.defaultAttempts);
    // The unique index over unfinished jobs makes deduplication atomic: of two concurrent
    // enqueues with one key, exactly one row is inserted and the other is a no-op.
    const inserted = await queryRows<{ id: string }>(
      this.dataSource,
      `INSERT INTO jobs (queue, name, payload, state, max_attempts, run_at, deduplication_key)
       VALUES ($1, $2, $3::jsonb, $4, $5, now() + $6::double precision * interval '1 millisecond', $7)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        QUEUE_OF_JOB[name],
        name,
        JSON.stringify(payload ?? {}),
        delayMs > 0 ? 'delayed' : 'waiting',
        attempts,
        delayMs,
        options.deduplicationKey ?? null,
      ],
    );
    // In embedded mode the consumer lives in this process: wake it rather than wait for its poll.
    if (inserted.length > 0 && delayMs === 0) this.enqueued.emit('enqueued');
  }

  async counts(): Promise<Record<QueueName, Record<JobState, number>>> {
    const rows = await queryRows<{ queue: string; state: JobState; count: number }>(
      this.dataSource,
      'SELECT queue, state, count(*)::int AS count FROM jobs GROUP BY queue, state',
    );
    const counts = emptyJobCounts();
    for (const row of rows) {
      // Rows of a queue removed from the table since are left out rather than invented.
      if (row.queue in counts) counts[row.queue as QueueName][row.state] = row.count;
    }
    return counts;
  }

  async ping(): Promise<void> {
    // Reads the table itself, so a database that is up but not migrated is not "ready".
    await queryRows(this.dataSource, 'SELECT 1 FROM jobs LIMIT 1');
  }

  /** Calls `listener` after each job that is due at once; returns the unsubscribe function. */
  onEnqueued(listener: () => void): () => void {
    this.enqueued.on('enqueued', listener);
    return () => this.enqueued.off('enqueued', listener);
  }
}
