import type { Request } from 'express';
import { requestHeader } from '@foyer/files';

/** Refusals shared by every contacts and calendars route, for the OpenAPI descriptions. */
export const NOT_FOUND = 'HOUSEHOLD_NOT_FOUND (also when not a member), COLLECTION_NOT_FOUND';
export const OBJECT_NOT_FOUND = `${NOT_FOUND}, OBJECT_NOT_FOUND`;
export const WRITE_FORBIDDEN =
  'HOUSEHOLD_PERMISSION_DENIED, READ_ONLY_COLLECTION (another member’s collection, shared to read)';
export const READ_ONLY = 'HOUSEHOLD_READ_ONLY';

/** The largest .vcf or .ics an import reads (thousands of entries, photos included). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** `If-Match` as sent, or undefined. */
export function ifMatchOf(request: Request): string | undefined {
  return requestHeader(request, 'if-match');
}
