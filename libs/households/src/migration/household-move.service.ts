import { Injectable } from '@nestjs/common';
import { CoreErrorCode, FoyerError, HouseholdId, HouseholdScope, toHouseholdId } from '@foyer/core';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdEntity } from '../entities/household.entity';
import { HouseholdStatus } from '../household-status';
import { HouseholdsErrorCode } from '../households-error-code';
import { HouseholdRepository } from '../repositories/household.repository';
import { MovedResponse } from './dto/moved-response.dto';
import { HouseholdMoveRepository } from './household-move.repository';
import { MigrationCaller } from './migration-caller';

/**
 * Marks a household `moved` (it now lives at another address): from then on it is read-only
 * here and its members see the new address. Deleting it stays the owners' choice, through the
 * usual deletion flow; nothing here deletes anything.
 */
@Injectable()
export class HouseholdMoveService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly households: HouseholdRepository,
    private readonly moves: HouseholdMoveRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
  ) {}

  /**
   * By an owner (household.migrate), or by the holder of a migration token once the export was
   * downloaded with it (409 MIGRATION_NOT_EXPORTED before). Marking it again with the same
   * address answers as the first time, so a retried `foyer migrate` succeeds; another address is
   * 409 HOUSEHOLD_ALREADY_MOVED.
   */
  async markMoved(
    caller: MigrationCaller,
    hid: string,
    rawAddress: string,
    ip: string | null,
  ): Promise<MovedResponse> {
    const newAddress = normalizeAddress(rawAddress);
    const household = await this.householdFor(caller, hid);
    const householdId = toHouseholdId(household.id);
    const movedAt = await this.scope.run(householdId, async ({ manager }) => {
      const at = await this.moves.markMoved(householdId, newAddress, manager);
      if (at) {
        await this.audit.append(householdId, {
          actorUserId: caller.kind === 'user' ? caller.user.id : null,
          action: 'household.moved',
          target: newAddress,
          details: caller.kind === 'token' ? { migrationTokenId: caller.grant.tokenId } : {},
          ip,
        });
      }
      return at;
    });
    if (movedAt) {
      return { householdId, movedTo: newAddress, movedAt: movedAt.toISOString() };
    }
    return this.explainNotMarked(householdId, newAddress);
  }

  /** An owner takes the mark back (it was set by mistake, or the move was abandoned). */
  async undo(userId: string, hid: string, ip: string | null): Promise<void> {
    const access = await this.access.require(userId, hid, HouseholdPermission.Migrate);
    const householdId = toHouseholdId(access.household.id);
    const cleared = await this.scope.run(householdId, async ({ manager }) => {
      if (!(await this.moves.clearMoved(householdId, manager))) return false;
      await this.audit.append(householdId, {
        actorUserId: userId,
        action: 'household.move-undone',
        ip,
      });
      return true;
    });
    if (!cleared) {
      throw new FoyerError(409, HouseholdsErrorCode.NotMoved, 'This household is not marked moved');
    }
  }

  private async householdFor(caller: MigrationCaller, hid: string): Promise<HouseholdEntity> {
    if (caller.kind === 'user') {
      const access = await this.access.require(caller.user.id, hid, HouseholdPermission.Migrate);
      return access.household;
    }
    if (!caller.grant.exportDownloadedAt) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.MigrationNotExported,
        'Download the export with this token first: a household is marked moved only once its data left',
      );
    }
    const household = await this.households.findById(caller.grant.householdId);
    if (!household) throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
    return household;
  }

  /** Why the conditional update changed nothing, read after the fact. */
  private async explainNotMarked(
    householdId: HouseholdId,
    newAddress: string,
  ): Promise<MovedResponse> {
    const now = await this.households.findById(householdId);
    if (!now || now.status === HouseholdStatus.Purging) {
      throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
    }
    if (now.status === HouseholdStatus.Provisioning) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.NotReady,
        'This household is still being set up; try again in a moment',
      );
    }
    if (now.movedTo === newAddress && now.movedAt) {
      return { householdId, movedTo: now.movedTo, movedAt: now.movedAt.toISOString() };
    }
    throw new FoyerError(
      409,
      HouseholdsErrorCode.AlreadyMoved,
      `This household was marked moved to ${now.movedTo ?? 'another address'} already`,
    );
  }
}

/** The address as it will be shown: parsed, without credentials, without a trailing slash. */
function normalizeAddress(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FoyerError(
      400,
      CoreErrorCode.ValidationFailed,
      'newAddress must be an http(s) address',
    );
  }
  url.username = '';
  url.password = '';
  return url.href.replace(/\/+$/, '');
}
