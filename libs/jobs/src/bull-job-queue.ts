import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Bull from 'bull';
import { describeError } from './describe-error';
import { resolveEnqueueOptions } from './check-enqueue-options';
import { emptyJobCounts } from './empty-job-counts';
import { JobName, JobPayloads, QUEUE_OF_JOB, QueueName } from './job-name';
import { EnqueueOptions, JobQueue, JobState } from './job-queue';
import { JobsTuning } from './jobs-options';
import { retryDelayMs } from './retry-delay';
import { waitAtMost } from './wait-at-most';

/** Name of our back-off strategy, registered on every queue so both drivers retry alike. */
const BACKOFF = 'foyer-exponential';
const PING_TIMEOUT_MS = 3_000;
const CLOSE_TIMEOUT_MS = 10_000;
const WEEK_SECONDS = 7 * 24 * 60 * 60;

export interface BullSettings {
  redisUrl: string;
  prefix: string;
}

/**
 * The hosted driver: one Bull queue per QueueName on Redis, so the api enqueues and a separate
 * worker (see BullJobConsumer) runs the jobs. It owns the queues, and closes them (and their
 * Redis connections) when the application shuts down.
 */
export class BullJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Map<QueueName, Bull.Queue>();

  constructor(
    settings: BullSettings,
    private readonly tuning: JobsTuning,
  ) {
    super();
    for (const name of Object.values(QueueName)) {
      const queue = new Bull(name, settings.redisUrl, {
        prefix: settings.prefix,
        settings: {
          backoffStrategies: {
            [BACKOFF]: (attemptsMade) => retryDelayMs(attemptsMade, tuning.retryBaseDelayMs),
          },
        },
      });
      // Bull re-emits Redis connection errors; without a listener an EventEmitter 'error' would
      // crash the process, while ioredis reconnects by itself.
      queue.on('error', (error) => this.logger.error(`Queue ${name}: ${describeError(error)}`));
      this.queues.set(name, queue);
    }
  }

  /** Every queue with its name, for the consumer. */
  entries(): [QueueName, Bull.Queue][] {
    return [...this.queues];
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    const { attempts, delayMs } = resolveEnqueueOptions(name, options, this.tuning.defaultAttempts);
    await this.queueOf(QUEUE_OF_JOB[name]).add(name, payload ?? {}, {
      attempts,
      backoff: { type: BACKOFF },
      ...(delayMs > 0 ? { delay: delayMs } : {}),
      // Bull's debounce id (not a custom jobId) gives the port's meaning of deduplication: the
      // key is held while the job is unfinished and released when it completes or fails for
      // good. A jobId would also collide with finished jobs kept below, so a second mail asked
      // for after the first was sent would be silently dropped. Scoped by name, like the table.
      ...(options.deduplicationKey !== undefined
        ? { debounce: { id: `${name}:${options.deduplicationKey}` } }
        : {}),
      // Some history for inspection, bounded like the PostgreSQL driver's week.
      removeOnComplete: { age: WEEK_SECONDS, count: 1_000 },
      removeOnFail: { count: 10_000 },
    });
  }

  async counts(): Promise<Record<QueueName, Record<JobState, number>>> {
    const counts = emptyJobCounts();
    await Promise.all(
      this.entries().map(async ([name, queue]) => {
        const bull = await queue.getJobCounts();
        counts[name] = {
          waiting: bull.waiting,
          delayed: bull.delayed,
          active: bull.active,
          completed: bull.completed,
          failed: bull.failed,
        };
      }),
    );
    return counts;
  }

  async ping(): Promise<void> {
    const pings = Promise.all(this.entries().map(([, queue]) => queue.client.ping()));
    // ioredis holds commands while it reconnects; a readiness probe must answer promptly.
    if (!(await waitAtMost(pings, PING_TIMEOUT_MS))) {
      throw new Error(`Redis did not answer a ping within ${PING_TIMEOUT_MS} ms`);
    }
    await pings;
  }

  async onApplicationShutdown(): Promise<void> {
    // The consumer (if any) has already waited for running jobs, so closing need not wait again.
    const closed = await waitAtMost(
      Promise.all(this.entries().map(([, queue]) => queue.close(true))),
      CLOSE_TIMEOUT_MS,
    );
    if (!closed) this.logger.warn('Bull queues did not close in time');
  }

  private queueOf(name: QueueName): Bull.Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`No Bull queue for "${name}"`);
    return queue;
  }
}
