import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FoyerError, HouseholdId, HouseholdScope } from '@foyer/core';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { HouseholdsErrorCode } from '../households-error-code';
import { HouseholdRepository } from '../repositories/household.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { Actor } from './actor';
import { assertRoleMay, LockedMembers, lockedMembers } from './membership-rules';

/**
 * The locked section of a membership or invite change: runs `work` in the household's scope with
 * its membership rows locked, after re-checking on those rows and the household as it is now what
 * was checked before the lock (the caller still a member, with `permission` if one is given, and
 * the household still writable: a suspension may have landed since the first check).
 */
@Injectable()
export class LockedHousehold {
  constructor(
    private readonly scope: HouseholdScope,
    private readonly households: HouseholdRepository,
    private readonly memberships: MembershipRepository,
    private readonly access: HouseholdAccessService,
  ) {}

  run<T>(
    householdId: HouseholdId,
    actor: Actor,
    work: (members: LockedMembers, manager: EntityManager) => Promise<T>,
    permission?: HouseholdPermission,
  ): Promise<T> {
    return this.scope.run(householdId, async ({ manager }) => {
      const members = lockedMembers(
        await this.memberships.lockAll(householdId, manager),
        actor.userId,
      );
      if (permission !== undefined) assertRoleMay(members.actorRole, permission);
      const household = await this.households.findById(householdId, manager);
      if (!household) throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
      this.access.assertWritable({ household, role: members.actorRole, userId: actor.userId });
      return work(members, manager);
    });
  }
}
