import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { FoyerConfig, FoyerError, HouseholdScope, toHouseholdId } from '@foyer/core';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdStatus } from '../household-status';
import { HouseholdsErrorCode } from '../households-error-code';
import { Actor } from '../members/actor';
import { MigrationTokenCreatedResponse } from './dto/migration-token-created-response.dto';
import { MigrationTokenResponse } from './dto/migration-token-response.dto';
import { hashMigrationToken, migrationTokenExpiryFrom, newMigrationToken } from './migration-token';
import { MigrationTokenEntity } from './migration-token.entity';
import { MigrationTokenRepository } from './migration-token.repository';

/**
 * Owners create, list and revoke migration tokens (household.migrate). A token is not a change
 * to the household's data, so a suspended, pending-deletion or moved household may still be
 * migrated; only one still being provisioned has nothing to migrate yet.
 */
@Injectable()
export class MigrationTokenService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly tokens: MigrationTokenRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
    private readonly config: FoyerConfig,
  ) {}

  async create(actor: Actor, hid: string): Promise<MigrationTokenCreatedResponse> {
    const access = await this.access.require(actor.userId, hid, HouseholdPermission.Migrate);
    if (access.household.status === HouseholdStatus.Provisioning) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.NotReady,
        'This household is still being set up; try again in a moment',
      );
    }
    const householdId = toHouseholdId(access.household.id);
    const token = newMigrationToken();
    const row = await this.scope.run(householdId, async ({ manager }) => {
      const inserted = await this.tokens.insert(
        {
          householdId,
          tokenHash: hashMigrationToken(token),
          createdBy: actor.userId,
          expiresAt: migrationTokenExpiryFrom(new Date()),
        },
        manager,
      );
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: 'migration.token-created',
        target: inserted.id,
        details: { expiresAt: inserted.expiresAt.toISOString() },
        ip: actor.ip,
      });
      return inserted;
    });
    return {
      id: row.id,
      token,
      expiresAt: row.expiresAt.toISOString(),
      command: migrateCommand(this.config.publicUrl, token),
    };
  }

  async list(userId: string, hid: string): Promise<MigrationTokenResponse[]> {
    const access = await this.access.require(userId, hid, HouseholdPermission.Migrate);
    const rows = await this.tokens.list(access.household.id);
    const now = Date.now();
    return rows.map((row) => toResponse(row, now));
  }

  /** 404 MIGRATION_TOKEN_NOT_FOUND for an unknown id, another household's, or one revoked already. */
  async revoke(actor: Actor, hid: string, id: string): Promise<void> {
    const access = await this.access.require(actor.userId, hid, HouseholdPermission.Migrate);
    const householdId = toHouseholdId(access.household.id);
    const revoked = await this.scope.run(householdId, async ({ manager }) => {
      if (!isUUID(id) || !(await this.tokens.revoke(householdId, id.toLowerCase(), manager))) {
        return false;
      }
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: 'migration.token-revoked',
        target: id,
        ip: actor.ip,
      });
      return true;
    });
    if (!revoked) {
      throw new FoyerError(
        404,
        HouseholdsErrorCode.MigrationTokenNotFound,
        'No migration token with this id that is not revoked already',
      );
    }
  }
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

function toResponse(row: MigrationTokenEntity, now: number): MigrationTokenResponse {
  return {
    id: row.id,
    state: row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= now ? 'expired' : 'active',
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    exportDownloadedAt: iso(row.exportDownloadedAt),
  };
}

/**
 * The command to run on the target server, complete: from the folder Foyer runs in (npx finds
 * it there), with the data directory it uses (`./data` unless FOYER_DATA_DIR says otherwise).
 * Foyer must be stopped there first: the web app says so beside it, and the command refuses
 * to run while it is up.
 */
function migrateCommand(publicUrl: string, token: string): string {
  return `FOYER_DATA_DIR=./data npx foyer migrate --from ${publicUrl} --token ${token}`;
}
