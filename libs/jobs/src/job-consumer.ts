/** Runs the handler of a job by name; rejects when the handler fails (the driver then retries). */
export type JobDispatch = (name: string, payload: unknown) => Promise<void>;

/**
 * The consuming half of a driver. Only a consuming process (the worker, or the api in embedded
 * mode) creates one; a process that only enqueues never takes jobs.
 */
export abstract class JobConsumer {
  abstract start(dispatch: JobDispatch): Promise<void>;
  /** Stops taking jobs and waits (within the shutdown grace) for the running ones. */
  abstract stop(): Promise<void>;
}
