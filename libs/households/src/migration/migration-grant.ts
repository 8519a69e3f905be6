import type { HouseholdId } from '@foyer/core';

/**
 * What a valid migration token allows: reading one household's export, nothing else. Set on the
 * request by MigrationTokenGuard (`@CurrentMigrationGrant()` reads it).
 */
export interface MigrationGrant {
  tokenId: string;
  householdId: HouseholdId;
  slug: string;
  name: string;
  expiresAt: Date;
  /** When the export was first downloaded with this token; null until then. */
  exportDownloadedAt: Date | null;
}
