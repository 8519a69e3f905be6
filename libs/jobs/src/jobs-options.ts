/** Knobs with production defaults; tests shorten the delays so retries do not take minutes. */
export interface JobsTuning {
  /** Jobs run at once: in total for the PostgreSQL driver, per queue for Bull. */
  concurrency: number;
  /** Default attempts of a job that does not say (see `EnqueueOptions.attempts`). */
  defaultAttempts: number;
  /** Delay before the first retry; it doubles with each attempt, up to an hour. */
  retryBaseDelayMs: number;
  /** How often the PostgreSQL consumer looks for due jobs when nothing woke it. */
  pollIntervalMs: number;
  /** How long a stopping consumer waits for running jobs before letting the process go. */
  shutdownGraceMs: number;
}

export interface JobsModuleOptions {
  /** Whether this process runs job handlers (the worker; the api in embedded mode). */
  consume: boolean;
  tuning?: Partial<JobsTuning>;
}

/** Sized for the 2-core machines Foyer targets; a hosted worker with more cores can raise it. */
export const DEFAULT_JOBS_TUNING: Readonly<JobsTuning> = {
  concurrency: 2,
  defaultAttempts: 5,
  retryBaseDelayMs: 10_000,
  pollIntervalMs: 1_000,
  // Under Kubernetes' default 30 s termination grace, so we let go before being killed.
  shutdownGraceMs: 25_000,
};

/** Injection token of the resolved `JobsTuning`. */
export const JOBS_TUNING = Symbol('JOBS_TUNING');
