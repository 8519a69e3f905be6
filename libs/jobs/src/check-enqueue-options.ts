import { JobName, QUEUE_OF_JOB } from './job-name';
import { EnqueueOptions } from './job-queue';

/** What the port promises whatever the driver, so both refuse the same mistakes the same way. */
export function checkEnqueueOptions(name: JobName, options: EnqueueOptions): void {
  if (!(name in QUEUE_OF_JOB)) throw new Error(`Unknown job "${name}": it is not in the job table`);
  if (
    options.attempts !== undefined &&
    !(Number.isInteger(options.attempts) && options.attempts >= 1)
  ) {
    throw new Error(`attempts must be a whole number of at least 1 (got ${options.attempts})`);
  }
  if (
    options.delayMs !== undefined &&
    !(Number.isFinite(options.delayMs) && options.delayMs >= 0)
  ) {
    throw new Error(`delayMs must be a number of milliseconds, 0 or more (got ${options.delayMs})`);
  }
}

/** The options once checked, with the port's defaults applied the same way by both drivers. */
export interface ResolvedEnqueueOptions {
  /** The caller's, or the configured default. */
  attempts: number;
  /** The caller's, or 0: run as soon as possible. */
  delayMs: number;
}

export function resolveEnqueueOptions(
  name: JobName,
  options: EnqueueOptions,
  defaultAttempts: number,
): ResolvedEnqueueOptions {
  checkEnqueueOptions(name, options);
  return { attempts: options.attempts ?? defaultAttempts, delayMs: options.delayMs ?? 0 };
}
