/**
 * A refusal the client can act on: an HTTP status, a stable machine-readable code, and a message
 * for people. Each library lists its codes in its own `*-error-code.ts` enum.
 */
export class FoyerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'FoyerError';
  }
}
