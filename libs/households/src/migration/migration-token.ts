import { createHash, randomBytes } from 'node:crypto';

/**
 * Migration tokens carry a prefix so that a bearer token can be told apart from a session token
 * without a database lookup, and so that one pasted into the wrong place is recognisable.
 */
export const MIGRATION_TOKEN_PREFIX = 'foyer-mig_';

/** How long a migration token works: long enough for a big household over a slow line. */
export const MIGRATION_TOKEN_LIFETIME_HOURS = 24;

/** A new token: the prefix and 32 random bytes (256 bits), base64url. */
export function newMigrationToken(): string {
  return `${MIGRATION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function isMigrationToken(token: string): boolean {
  return token.startsWith(MIGRATION_TOKEN_PREFIX) && token.length > MIGRATION_TOKEN_PREFIX.length;
}

/** How tokens are stored and looked up: their SHA-256, in lower-case hex. */
export function hashMigrationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function migrationTokenExpiryFrom(now: Date): Date {
  return new Date(now.getTime() + MIGRATION_TOKEN_LIFETIME_HOURS * 3600_000);
}
