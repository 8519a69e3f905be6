import type { Request } from 'express';

/** One request header as a string (repeated headers joined, as HTTP allows). */
export function requestHeader(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The declared Content-Length, or undefined when absent or not a whole number. */
export function declaredLength(request: Request): number | undefined {
  const value = request.headers['content-length'];
  if (value === undefined) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
