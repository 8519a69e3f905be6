import type { Response } from 'express';
import { FoyerError } from '@foyer/core';

/**
 * Adds `Retry-After` to the response of a rate-limited refusal (the error carries
 * `retryAfterSeconds`), then the global filter renders the error as usual.
 */
export function withRetryAfter(response: Response, error: unknown): unknown {
  if (error instanceof FoyerError && typeof error.details?.retryAfterSeconds === 'number') {
    response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
  }
  return error;
}
