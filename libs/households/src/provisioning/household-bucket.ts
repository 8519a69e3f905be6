/**
 * The household's bucket (a folder with the disk driver). Named by id, never by slug, so that a
 * slug change moves nothing; `foyer-hh-` plus a UUID is 45 characters, within S3's 63.
 */
export function householdBucket(householdId: string): string {
  return `foyer-hh-${householdId}`;
}
