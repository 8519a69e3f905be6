import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';

/**
 * Opaque keyset cursors: the position after the last item of a page, tied to the query that
 * produced it (`scope`), so a cursor of one listing or search is refused by another.
 */
export function encodeCursor(scope: string, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([scope, ...position]), 'utf8').toString('base64url');
}

export function decodeCursor(scope: string, cursor: string, arity: number): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== scope ||
    !parsed.slice(1).every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    throw new FoyerError(400, PimErrorCode.InvalidCursor, 'This cursor is not one of this listing');
  }
  return parsed.slice(1) as (string | number)[];
}
