/** Runs the handler of a job by name; rejects when the handler fails (the driver then retries). */
export type JobDispatch = (name: string, payload: unknown) => Promise<void>;

/**
 * Runs the failure handler of a job (if it has one) once the job has failed for good: its last
 * attempt failed, or it was out of attempts when a crash interrupted it. Never rejects.
 */
export type JobFailureDispatch = (name: string, payload: unknown, reason: string) => Promise<void>;

/**
 * The consuming half of a driver. Only a consuming process (the worker, or the api in embedded
 * mode) creates one; a process that only enqueues never takes jobs.
 */
export abstract class JobConsumer {
  abstract start(dispatch: JobDispatch, onFailed: JobFailureDispatch): Promise<void>;
  /** Stops taking jobs and waits (within the shutdown grace) for the running ones. */
  abstract stop(): Promise<void>;
}
