import { Injectable } from '@nestjs/common';
import { FoyerError, HouseholdId, toHouseholdId } from '@foyer/core';
import { WriteRestriction } from '../entitlements/write-restriction';
import { READ_ONLY_STATUSES } from '../household-status';
import { HouseholdsErrorCode } from '../households-error-code';
import { HouseholdRepository } from '../repositories/household.repository';
import { HouseholdAccess } from './household-access';
import { HouseholdPermission, roleMay } from './household-permission';

/**
 * Resolves `:hid` (id or slug) for a signed-in user. A household the user is not a member of
 * does not exist as far as the answer goes: 404, the same as an unknown id or slug.
 */
@Injectable()
export class HouseholdAccessService {
  constructor(
    private readonly households: HouseholdRepository,
    private readonly restrictions: WriteRestriction,
  ) {}

  async resolve(userId: string, hid: string): Promise<HouseholdAccess> {
    const found = await this.households.findForMember(hid, userId);
    if (!found) {
      throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
    }
    const writeRestriction = await this.restrictions.restrictionOf(found.household.id);
    return { ...found, userId, writeRestriction };
  }

  /** Resolves, then requires a permission of the role (403 once membership is established). */
  async require(
    userId: string,
    hid: string,
    permission: HouseholdPermission,
  ): Promise<HouseholdAccess> {
    const access = await this.resolve(userId, hid);
    this.assertMay(access, permission);
    return access;
  }

  assertMay(access: HouseholdAccess, permission: HouseholdPermission): void {
    if (!roleMay(access.role, permission)) {
      throw new FoyerError(
        403,
        HouseholdsErrorCode.PermissionDenied,
        `A household ${access.role} may not do this (${permission})`,
      );
    }
  }

  /**
   * Refuses changes to a suspended or pending-deletion household, to one marked moved (it lives
   * elsewhere now), and to one that billing restricted (over quota, payment required: the
   * restriction's own code); reads and exports go on. Deleting a moved household is allowed:
   * that is the one change its owners are expected to make (`evenIfMoved`).
   */
  assertWritable(access: HouseholdAccess, options: { evenIfMoved?: boolean } = {}): void {
    if (access.household.movedTo && !options.evenIfMoved) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.ReadOnly,
        `This household moved to ${access.household.movedTo}: it can be read and exported here, not changed`,
      );
    }
    if (READ_ONLY_STATUSES.includes(access.household.status)) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.ReadOnly,
        `This household is ${access.household.status.replace('_', ' ')}: it can be read and exported, not changed`,
      );
    }
    const restriction = access.writeRestriction;
    if (restriction) {
      throw new FoyerError(restriction.status, restriction.code, restriction.message);
    }
  }

  householdId(access: HouseholdAccess): HouseholdId {
    return toHouseholdId(access.household.id);
  }
}
