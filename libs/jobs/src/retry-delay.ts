const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * Exponential back-off shared by both drivers, so a job retries on the same schedule whichever
 * runs it: `base`, `2 × base`, `4 × base`, ... after the 1st, 2nd, 3rd failed attempt, capped at
 * an hour so a long chain of attempts never parks a job for days.
 */
export function retryDelayMs(attemptsMade: number, baseDelayMs: number): number {
  const exponent = Math.max(0, attemptsMade - 1);
  return Math.min(MAX_RETRY_DELAY_MS, Math.round(baseDelayMs * 2 ** exponent));
}
