/**
 * The household's bucket (a folder with the disk driver). Named by id, never by slug, so that a
 * slug change moves nothing; `foyer-hh-` plus a UUID is 45 characters, within S3's 63.
 */
export function householdBucket(householdId: string): string {
  return `foyer-hh-${householdId}`;
}

const HOUSEHOLD_BUCKET =
  /^foyer-hh-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The household a bucket belongs to, or undefined for any other bucket (imports' uploads). */
export function householdOfBucket(bucket: string): string | undefined {
  return HOUSEHOLD_BUCKET.exec(bucket)?.[1];
}
