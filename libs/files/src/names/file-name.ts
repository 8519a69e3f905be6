import { FoyerError } from '@foyer/core';
import { FilesErrorCode } from '../files-error-code';

/** The longest name, in bytes of UTF-8 (what most file systems allow for one path segment). */
export const MAX_NAME_BYTES = 255;

// C0 controls (NUL included), DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function invalidName(message: string): FoyerError {
  return new FoyerError(400, FilesErrorCode.InvalidName, message);
}

/**
 * Checks one file or folder name and returns it NFC-normalised (so `é` typed either way is the
 * same name): 1–255 bytes of UTF-8, no `/`, no NUL or other control character, not `.` or `..`.
 * Throws 400 INVALID_NAME.
 */
export function normaliseName(raw: string): string {
  if (typeof raw !== 'string') throw invalidName('A name must be a string');
  const name = raw.normalize('NFC');
  if (name.length === 0) throw invalidName('A name cannot be empty');
  if (name === '.' || name === '..') throw invalidName(`"${name}" is not a name`);
  if (name.includes('/')) throw invalidName('A name cannot contain "/"');
  if (CONTROL.test(name))
    throw invalidName('A name cannot contain NUL or other control characters');
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES)
    throw invalidName(`A name is at most ${MAX_NAME_BYTES} bytes of UTF-8`);
  // Lone surrogates cannot be stored as UTF-8 text.
  if (LONE_SURROGATE.test(name)) throw invalidName('A name must be valid Unicode text');
  return name;
}

/**
 * Splits an absolute path (`/Documents/taxes/2025.pdf`) into normalised names; `/` is the root
 * (no names). A trailing slash is allowed; empty segments inside (`/a//b`) are not.
 */
export function parsePath(raw: unknown): string[] {
  if (typeof raw !== 'string' || !raw.startsWith('/')) {
    throw new FoyerError(
      400,
      FilesErrorCode.InvalidPath,
      'A path must be a string starting with "/" (for example /Documents/notes.txt)',
    );
  }
  const trimmed = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  if (trimmed === '/') return [];
  return trimmed.slice(1).split('/').map(normaliseName);
}

/** The path of names, as the API shows it. */
export function formatPath(names: readonly string[]): string {
  return `/${names.join('/')}`;
}

/**
 * A free name beside `name` for a restore: `report (restored).pdf`, then `report (restored 2).pdf`,
 * keeping the extension and staying within the byte limit.
 */
export function restoredName(name: string, attempt: number): string {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0 && dot < name.length - 1;
  const stem = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot) : '';
  const suffix = attempt <= 1 ? ' (restored)' : ` (restored ${attempt})`;
  let base = stem;
  while (Buffer.byteLength(`${base}${suffix}${extension}`, 'utf8') > MAX_NAME_BYTES) {
    base = Array.from(base).slice(0, -1).join('');
  }
  return `${base}${suffix}${extension}`;
}
