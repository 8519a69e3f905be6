import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { FoyerError } from '@foyer/core';
import { HouseholdAccess } from '../access/household-access';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { HouseholdRole } from '../access/household-role';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { MemberResponse } from '../dto/member-response.dto';
import { MembershipEntity } from '../entities/membership.entity';
import { HouseholdsErrorCode } from '../households-error-code';
import { MemberRow, MembershipRepository } from '../repositories/membership.repository';
import { Actor } from './actor';
import { LockedHousehold } from './locked-household';
import { assertRemoval, assertRoleChange, assertRoleMay, LockedMembers } from './membership-rules';

/**
 * Members of a household: list, change a role, remove, leave, transfer ownership. Every change
 * runs in the household's scope with all its membership rows locked (MembershipRepository.lockAll)
 * and decides on those rows, so concurrent changes cannot leave the household without an owner;
 * its audit event commits in the same transaction. Checked in this order: membership (404), role
 * (403), a writable household (409), then the target (404 MEMBER_NOT_FOUND) and the rank rules.
 */
@Injectable()
export class MemberService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditLogRepository,
    private readonly lockedHousehold: LockedHousehold,
  ) {}

  /** Every member, the earliest first; any member may see who else belongs. */
  async list(userId: string, hid: string): Promise<MemberResponse[]> {
    const access = await this.access.require(userId, hid, HouseholdPermission.View);
    const rows = await this.memberships.listMembers(access.household.id);
    return rows.map(toMemberResponse);
  }

  async changeRole(
    actor: Actor,
    hid: string,
    targetUserId: string,
    role: HouseholdRole,
  ): Promise<MemberResponse> {
    const access = await this.writable(actor, hid, HouseholdPermission.ManageMembers);
    const householdId = this.access.householdId(access);
    const target = this.targetId(targetUserId);
    return this.lockedHousehold.run(householdId, actor, async (members, manager) => {
      assertRoleMay(members.actorRole, HouseholdPermission.ManageMembers);
      const membership = requireMember(members, target);
      assertRoleChange({
        actorRole: members.actorRole,
        targetRole: membership.role,
        newRole: role,
        isSelf: target === actor.userId,
        ownerCount: members.ownerCount,
      });
      if (membership.role !== role) {
        await this.memberships.updateRole(householdId, target, role, manager);
        await this.audit.append(householdId, {
          actorUserId: actor.userId,
          action: 'member.role-changed',
          target,
          details: { from: membership.role, to: role },
          ip: actor.ip,
        });
      }
      return toMemberResponse(await this.memberRow(householdId, target, manager));
    });
  }

  /**
   * Removes a member; removing oneself is leaving, which every role may do. A household that is
   * read-only (suspended, pending deletion) keeps its members as they are, leaving included.
   */
  async remove(actor: Actor, hid: string, targetUserId: string): Promise<void> {
    const isSelf = targetUserId.toLowerCase() === actor.userId;
    const access = await this.writable(
      actor,
      hid,
      isSelf ? HouseholdPermission.View : HouseholdPermission.ManageMembers,
    );
    const householdId = this.access.householdId(access);
    const target = this.targetId(targetUserId);
    await this.lockedHousehold.run(householdId, actor, async (members, manager) => {
      if (!isSelf) assertRoleMay(members.actorRole, HouseholdPermission.ManageMembers);
      const membership = requireMember(members, target);
      assertRemoval({
        actorRole: members.actorRole,
        targetRole: membership.role,
        isSelf,
        ownerCount: members.ownerCount,
      });
      await this.memberships.delete(householdId, target, manager);
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: isSelf ? 'member.left' : 'member.removed',
        target,
        details: { role: membership.role },
        ip: actor.ip,
      });
    });
  }

  /** The target becomes owner and the caller, an owner, becomes admin. */
  async transferOwnership(actor: Actor, hid: string, targetUserId: string): Promise<void> {
    const access = await this.writable(actor, hid, HouseholdPermission.TransferOwnership);
    const householdId = this.access.householdId(access);
    const target = this.targetId(targetUserId);
    if (target === actor.userId) {
      throw new FoyerError(
        400,
        HouseholdsErrorCode.TransferToSelf,
        'Ownership goes to another member: you are an owner already',
      );
    }
    await this.lockedHousehold.run(householdId, actor, async (members, manager) => {
      assertRoleMay(members.actorRole, HouseholdPermission.TransferOwnership);
      const membership = requireMember(members, target);
      await this.memberships.updateRole(householdId, target, HouseholdRole.Owner, manager);
      await this.memberships.updateRole(householdId, actor.userId, HouseholdRole.Admin, manager);
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: 'member.ownership-transferred',
        target,
        details: {
          previousRole: membership.role,
          previousOwner: actor.userId,
          previousOwnerRole: HouseholdRole.Admin,
        },
        ip: actor.ip,
      });
    });
  }

  private async writable(
    actor: Actor,
    hid: string,
    permission: HouseholdPermission,
  ): Promise<HouseholdAccess> {
    const access = await this.access.require(actor.userId, hid, permission);
    this.access.assertWritable(access);
    return access;
  }

  /** A user id, or 404 MEMBER_NOT_FOUND for anything that cannot be one. */
  private targetId(userId: string): string {
    if (!isUUID(userId)) throw memberNotFound();
    return userId.toLowerCase();
  }

  private async memberRow(
    householdId: string,
    userId: string,
    manager: EntityManager,
  ): Promise<MemberRow> {
    const row = await this.memberships.findMember(householdId, userId, manager);
    if (!row) throw memberNotFound();
    return row;
  }
}

function requireMember(members: LockedMembers, userId: string): MembershipEntity {
  const membership = members.find(userId);
  if (!membership) throw memberNotFound();
  return membership;
}

function memberNotFound(): FoyerError {
  return new FoyerError(
    404,
    HouseholdsErrorCode.MemberNotFound,
    'This household has no member with this id',
  );
}

function toMemberResponse(row: MemberRow): MemberResponse {
  return {
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    joinedAt: row.joinedAt.toISOString(),
  };
}
