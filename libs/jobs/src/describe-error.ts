const MAX_ERROR_LENGTH = 2_000;

/** The message recorded with a failed attempt: what a person needs, bounded in size. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
