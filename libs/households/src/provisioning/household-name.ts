import { FoyerError } from '@foyer/core';
import { HouseholdsErrorCode } from '../households-error-code';

/** In characters (Unicode code points), as the database's `char_length` check counts them. */
export const MAX_HOUSEHOLD_NAME_LENGTH = 100;

/**
 * Control characters (C0, DEL, C1), lone surrogates (which PostgreSQL cannot store as UTF-8) and
 * the line and paragraph separators: a name is one line of text that any client can display.
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]/u;

/**
 * The name as stored: trimmed and in Unicode NFC (so "é" typed two ways is one name, and the
 * length is counted the way it looks). Refuses with 400 INVALID_HOUSEHOLD_NAME.
 */
export function normalizeHouseholdName(raw: string): string {
  const name = raw.trim().normalize('NFC');
  const length = [...name].length;
  if (length === 0) {
    throw invalidName('A household needs a name');
  }
  if (length > MAX_HOUSEHOLD_NAME_LENGTH) {
    throw invalidName(
      `A household name has at most ${MAX_HOUSEHOLD_NAME_LENGTH} characters (this one has ${length})`,
    );
  }
  if (FORBIDDEN.test(name)) {
    throw invalidName('A household name is one line of text, without control characters');
  }
  return name;
}

function invalidName(message: string): FoyerError {
  return new FoyerError(400, HouseholdsErrorCode.InvalidName, message);
}
