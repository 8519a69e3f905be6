import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from './describe-error';
import { JobConsumer, JobDispatch, JobFailureDispatch } from './job-consumer';
import { JobsTuning } from './jobs-options';
import { PostgresJobQueue } from './postgres-job-queue';
import { queryRows } from './query-rows';
import { retryDelayMs } from './retry-delay';
import { waitAtMost } from './wait-at-most';

interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

const COMPLETED_RETENTION = '7 days';
const PURGE_EVERY_MS = 60 * 60 * 1000;
const INTERRUPTED = 'Interrupted: the process stopped while the job was running';

/**
 * Runs the jobs of the `jobs` table in this process. One loop claims due jobs while fewer than
 * `concurrency` run; it wakes on a local enqueue, when a job ends, or every `pollIntervalMs`.
 *
 * It assumes it is the only consumer of its database (the embedded default runs one process):
 * at start it takes back every job still marked `active`, which can only have been left by a
 * process that died. Claims use `FOR UPDATE SKIP LOCKED` all the same, so a second consumer
 * would never run a job twice at once.
 */
export class PostgresJobConsumer extends JobConsumer {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Set<Promise<void>>();
  private dispatch: JobDispatch | undefined;
  private onFailed: JobFailureDispatch | undefined;
  private stopping = false;
  private filling: Promise<void> | undefined;
  private fillAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: PostgresJobQueue,
    private readonly tuning: JobsTuning,
  ) {
    super();
  }

  async start(dispatch: JobDispatch, onFailed: JobFailureDispatch): Promise<void> {
    this.dispatch = dispatch;
    this.onFailed = onFailed;
    this.stopping = false;
    await this.resumeInterrupted();
    this.unsubscribe = this.queue.onEnqueued(() => this.wake());
    this.wake();
    this.logger.log(`Consuming jobs from PostgreSQL (concurrency ${this.tuning.concurrency})`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    // A claim in flight may still hand over a job: wait for it, then for every running job.
    await this.filling;
    const settled = await waitAtMost(
      Promise.allSettled([...this.running]),
      this.tuning.shutdownGraceMs,
    );
    if (!settled) {
      this.logger.warn(
        `${this.running.size} job(s) still running after ${this.tuning.shutdownGraceMs} ms; ` +
          'they will be resumed at the next start',
      );
    }
  }

  /** Jobs left `active` by a killed process go back to the queue (or fail, out of attempts). */
  private async resumeInterrupted(): Promise<void> {
    const rows = await queryRows<{ id: string; state: string; name: string; payload: unknown }>(
      this.dataSource,
      `UPDATE jobs
          SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'waiting' END,
              finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
              run_at = now(), locked_at = NULL, last_error = $1
        WHERE state = 'active'
        RETURNING id, state, name, payload`,
      [INTERRUPTED],
    );
    // A job that kills the process each time it runs must not take it down at every start:
    // the interrupted attempt counts, so it fails for good once its attempts are spent.
    const failed = rows.filter((row) => row.state === 'failed');
    if (rows.length > 0) {
      this.logger.warn(
        `Resuming ${rows.length - failed.length} job(s) interrupted by an earlier stop` +
          (failed.length > 0 ? `; ${failed.length} out of attempts failed` : ''),
      );
    }
    // Their failure handlers undo what the interrupted attempts left (a poison job that kills
    // the process must still end cleaned up, not half-done for ever).
    for (const row of failed) {
      this.logger.error(`Job ${row.name} (${row.id}) failed: ${INTERRUPTED}, out of attempts`);
      await this.onFailed?.(row.name, row.payload, INTERRUPTED);
    }
  }

  /** Claims and starts due jobs; coalesces wake-ups so only one claim loop runs at a time. */
  private wake(): void {
    if (this.stopping) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.filling = this.fill()
      .catch((error: unknown) => this.logger.error(`Could not claim jobs: ${describeError(error)}`))
      .finally(() => {
        this.filling = undefined;
        if (this.fillAgain) {
          this.fillAgain = false;
          this.wake();
        } else if (!this.stopping) {
          this.timer = setTimeout(() => this.wake(), this.tuning.pollIntervalMs);
        }
      });
  }

  private async fill(): Promise<void> {
    if (Date.now() - this.lastPurge >= PURGE_EVERY_MS) await this.purgeCompleted();
    while (!this.stopping && this.running.size < this.tuning.concurrency) {
      const job = await this.claim();
      if (!job) return;
      const run: Promise<void> = this.run(job).finally(() => {
        this.running.delete(run);
        this.wake();
      });
      this.running.add(run);
    }
  }

  private async claim(): Promise<ClaimedJob | undefined> {
    // The attempt is counted when claimed, not when it ends, so an attempt cut short by a crash
    // still counts (see resumeInterrupted).
    const [job] = await queryRows<ClaimedJob>(
      this.dataSource,
      `UPDATE jobs SET state = 'active', attempts = attempts + 1, locked_at = now()
        WHERE id = (
          SELECT id FROM jobs
           WHERE state IN ('waiting', 'delayed') AND run_at <= now()
           ORDER BY run_at
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING id, name, payload, attempts, max_attempts`,
    );
    return job;
  }

  private async run(job: ClaimedJob): Promise<void> {
    let failure: unknown;
    let succeeded = false;
    try {
      await this.dispatch!(job.name, job.payload);
      succeeded = true;
    } catch (error) {
      failure = error;
    }
    try {
      if (succeeded) await this.complete(job);
      else await this.fail(job, failure);
    } catch (error) {
      // The row stays `active`; the next start puts it back in the queue.
      this.logger.error(
        `Could not record the outcome of job ${job.name} (${job.id}): ${describeError(error)}`,
      );
    }
  }

  private async complete(job: ClaimedJob): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE jobs SET state = 'completed', finished_at = now(), locked_at = NULL WHERE id = $1`,
      [job.id],
    );
  }

  private async fail(job: ClaimedJob, error: unknown): Promise<void> {
    const message = describeError(error);
    const final = job.attempts >= job.max_attempts;
    const delayMs = retryDelayMs(job.attempts, this.tuning.retryBaseDelayMs);
    await queryRows(
      this.dataSource,
      `UPDATE jobs
          SET locked_at = NULL, last_error = $2,
              state = CASE WHEN $3::boolean THEN 'failed' ELSE 'delayed' END,
              finished_at = CASE WHEN $3::boolean THEN now() END,
              run_at = CASE WHEN $3::boolean THEN run_at
                            ELSE now() + $4::double precision * interval '1 millisecond' END
        WHERE id = $1`,
      [job.id, message, final, delayMs],
    );
    const where = `Job ${job.name} (${job.id}) failed, attempt ${job.attempts} of ${job.max_attempts}`;
    if (final) {
      this.logger.error(
        `${where}; giving up: ${message}`,
        error instanceof Error ? error.stack : undefined,
      );
      await this.onFailed?.(job.name, job.payload, message);
    } else {
      this.logger.warn(`${where}; retrying in ${delayMs} ms: ${message}`);
    }
  }

  /** Completed jobs are kept a week for inspection; failed ones stay until someone looks. */
  private async purgeCompleted(): Promise<void> {
    this.lastPurge = Date.now();
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `DELETE FROM jobs WHERE state = 'completed' AND finished_at < now() - $1::interval RETURNING id`,
      [COMPLETED_RETENTION],
    );
    if (rows.length > 0)
      this.logger.log(`Deleted ${rows.length} job(s) completed over ${COMPLETED_RETENTION} ago`);
  }
}
