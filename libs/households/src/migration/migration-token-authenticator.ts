import { Injectable } from '@nestjs/common';
import { FoyerError, isHouseholdId, toHouseholdId } from '@foyer/core';
import { HouseholdStatus } from '../household-status';
import { HouseholdsErrorCode } from '../households-error-code';
import { MigrationGrant } from './migration-grant';
import { hashMigrationToken, isMigrationToken } from './migration-token';
import { MigrationTokenRepository } from './migration-token.repository';

/**
 * Turns a migration token into a MigrationGrant for exactly one household, or refuses: 401
 * MIGRATION_TOKEN_INVALID / _REVOKED / _EXPIRED, and 404 HOUSEHOLD_NOT_FOUND when `hid` names
 * another household than the token's (as for anyone who is not a member of it). Used by
 * MigrationTokenGuard; the exports library may call it directly.
 */
@Injectable()
export class MigrationTokenAuthenticator {
  constructor(private readonly tokens: MigrationTokenRepository) {}

  /** The token of an `Authorization: Bearer foyer-mig_…` header, or null (never from a cookie). */
  static bearerOf(authorization: string | undefined): string | null {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    return match && isMigrationToken(match[1]) ? match[1] : null;
  }

  async authenticate(token: string, hid?: string): Promise<MigrationGrant> {
    const found = isMigrationToken(token)
      ? await this.tokens.findByHash(hashMigrationToken(token))
      : null;
    // A household being purged keeps its rows until the end of the purge; its tokens are dead.
    if (!found || found.household.status === HouseholdStatus.Purging) {
      throw new FoyerError(
        401,
        HouseholdsErrorCode.MigrationTokenInvalid,
        'Unknown migration token',
      );
    }
    const { token: row, household } = found;
    if (row.revokedAt) {
      throw new FoyerError(
        401,
        HouseholdsErrorCode.MigrationTokenRevoked,
        'This migration token was revoked; ask an owner for a new one',
      );
    }
    if (row.expiresAt.getTime() <= Date.now()) {
      throw new FoyerError(
        401,
        HouseholdsErrorCode.MigrationTokenExpired,
        'This migration token has expired; ask an owner for a new one',
      );
    }
    if (hid !== undefined && !names(hid, household)) {
      throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
    }
    await this.tokens.touch(row.id);
    return {
      tokenId: row.id,
      householdId: toHouseholdId(household.id),
      slug: household.slug,
      name: household.name,
      expiresAt: row.expiresAt,
      exportDownloadedAt: row.exportDownloadedAt,
    };
  }

  /**
   * To be called by the export download route when it serves the archive to a token holder:
   * from then on, the holder may mark the household moved (POST …/moved).
   */
  async recordExportDownload(grant: MigrationGrant): Promise<void> {
    grant.exportDownloadedAt = await this.tokens.recordExportDownload(grant.tokenId);
  }
}

/** True when `hid` (an id or a slug, any case, as the API accepts) is this household. */
function names(hid: string, household: { id: string; slug: string }): boolean {
  const wanted = hid.toLowerCase();
  return isHouseholdId(wanted) ? wanted === household.id : wanted === household.slug;
}
