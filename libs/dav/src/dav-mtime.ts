import { FoyerError } from '@foyer/core';
import { DavErrorCode } from './dav-error-code';

/** Dates kept are within years 1 to 9999 (what an HTTP-date and PostgreSQL both hold). */
const EARLIEST_MS = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

function badMtime(message: string): FoyerError {
  return new FoyerError(400, DavErrorCode.BadModificationTime, message);
}

function within(ms: number, what: string): Date {
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
    throw badMtime(`${what} is not a date between the years 1 and 9999`);
  }
  return new Date(ms);
}

/** Unix seconds, as ownCloud/Nextcloud clients and rclone send them (`1700000000`, `1700000000.5`). */
function unixSeconds(value: string, what: string): Date {
  if (!/^-?\d{1,12}(\.\d{1,9})?$/.test(value)) throw badMtime(`${what} is not unix seconds`);
  return within(Math.trunc(Number(value) * 1000), what);
}

/**
 * `X-OC-Mtime: <unix seconds>` on a PUT: the file's own modification time, which Foyer keeps
 * instead of the upload's (and then answers `X-OC-Mtime: accepted`). Absent: undefined.
 */
export function parseOcMtime(header: string | undefined): Date | undefined {
  if (header === undefined) return undefined;
  return unixSeconds(header.trim(), 'X-OC-Mtime');
}

/**
 * A PROPPATCH value for `DAV:getlastmodified` (an HTTP-date, RFC 4918 §15.7) or `DAV:lastmodified`
 * (unix seconds, as rclone's owncloud and nextcloud vendors send it): either form is taken.
 */
export function parseLastModified(value: string): Date {
  const text = value.trim();
  if (/^-?\d/.test(text)) return unixSeconds(text, 'The modification time');
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) {
    throw badMtime('DAV:getlastmodified is an HTTP-date (Sun, 06 Nov 1994 08:49:37 GMT)');
  }
  return within(Date.parse(text), 'DAV:getlastmodified');
}
