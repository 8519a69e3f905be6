import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';

/**
 * Checks the last segment of a collection's or an object's URL, decoded: 1 to 255 bytes, no
 * `/`, `\`, control characters, `.` or `..`. Names are opaque otherwise (clients pick UUIDs).
 */
export function assertValidName(name: string, what: string): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  // eslint-disable-next-line no-control-regex
  const bad = /[/\\\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..';
  if (bytes === 0 || bytes > 255 || bad) {
    throw new FoyerError(
      400,
      PimErrorCode.InvalidName,
      `A ${what} name is 1 to 255 bytes, without "/", "\\" or control characters`,
    );
  }
}
