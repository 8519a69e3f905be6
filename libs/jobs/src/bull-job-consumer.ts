import { Logger } from '@nestjs/common';
import Bull from 'bull';
import { BullJobQueue } from './bull-job-queue';
import { describeError } from './describe-error';
import { JobConsumer, JobDispatch, JobFailureDispatch } from './job-consumer';
import { JobsTuning } from './jobs-options';
import { waitAtMost } from './wait-at-most';

/** The error Bull fails a job with once it stalled more often than `maxStalledCount`. */
const STALLED_FOR_GOOD = /stalled more than allowable limit/i;

/**
 * Runs the jobs of every Bull queue in this process (the hosted worker). Bull itself handles
 * retries with back-off, and hands a job whose worker died back to the queue once its lock
 * expires (stalled jobs).
 */
export class BullJobConsumer extends JobConsumer {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly queue: BullJobQueue,
    private readonly tuning: JobsTuning,
  ) {
    super();
  }

  async start(dispatch: JobDispatch, onFailed: JobFailureDispatch): Promise<void> {
    for (const [name, queue] of this.queue.entries()) {
      queue.on('failed', (job: Bull.Job, error: Error) => {
        if (this.reportFailure(job, error)) {
          void onFailed(job.name, job.data, describeError(error));
        }
      });
      queue.on('stalled', (job: Bull.Job) =>
        this.logger.warn(`Job ${job.name} (${job.id}) stalled: its worker stopped; it runs again`),
      );
      // '*' takes every job name of the queue; the dispatcher finds the handler by name.
      // process() resolves only when the queue closes, so it is not awaited.
      queue
        .process('*', this.tuning.concurrency, (job: Bull.Job) => dispatch(job.name, job.data))
        .catch((error: unknown) =>
          this.logger.error(`Queue ${name} stopped processing: ${describeError(error)}`),
        );
    }
    await Promise.all(this.queue.entries().map(([, queue]) => queue.isReady()));
    this.logger.log(`Consuming jobs from Redis (concurrency ${this.tuning.concurrency} per queue)`);
  }

  async stop(): Promise<void> {
    // A local pause stops taking jobs in this process only (others keep working) and resolves
    // once the running ones have finished.
    const paused = Promise.all(this.queue.entries().map(([, queue]) => queue.pause(true)));
    if (!(await waitAtMost(paused, this.tuning.shutdownGraceMs))) {
      this.logger.warn(
        `Jobs still running after ${this.tuning.shutdownGraceMs} ms; another worker takes them ` +
          'over when their lock expires',
      );
    }
  }

  /** Logs a failure; true when the job has failed for good. */
  private reportFailure(job: Bull.Job, error: Error): boolean {
    const attempts = job.opts.attempts ?? 1;
    const where = `Job ${job.name} (${job.id}) failed, attempt ${job.attemptsMade} of ${attempts}`;
    // A job whose worker died more than `maxStalledCount` times is failed by Bull whatever its
    // attempts: a job that kills its worker runs at most twice.
    const final = job.attemptsMade >= attempts || STALLED_FOR_GOOD.test(error.message);
    if (final) {
      this.logger.error(`${where}; giving up: ${describeError(error)}`, error.stack);
    } else {
      this.logger.warn(`${where}; retrying: ${describeError(error)}`);
    }
    return final;
  }
}
