import { FoyerError } from '@foyer/core';
import { HouseholdPermission, roleMay } from '../access/household-permission';
import { HouseholdRole, isAtLeast, outranks } from '../access/household-role';
import { MembershipEntity } from '../entities/membership.entity';
import { HouseholdsErrorCode } from '../households-error-code';

/**
 * The rank rules of membership changes, as pure functions so they are tested one by one. They are
 * applied to membership rows read under `MembershipRepository.lockAll`, never to a role read
 * earlier: two owners demoting each other at once must not both succeed.
 */

/** The members that were locked, seen from the caller. */
export interface LockedMembers {
  /** The caller's current role. */
  actorRole: HouseholdRole;
  ownerCount: number;
  find(userId: string): MembershipEntity | undefined;
}

/**
 * Reads the locked rows. A caller who stopped being a member meanwhile gets what any non-member
 * gets: 404 HOUSEHOLD_NOT_FOUND.
 */
export function lockedMembers(rows: readonly MembershipEntity[], actorId: string): LockedMembers {
  const actor = rows.find((row) => row.userId === actorId);
  if (!actor) throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
  return {
    actorRole: actor.role,
    ownerCount: rows.filter((row) => row.role === HouseholdRole.Owner).length,
    find: (userId) => rows.find((row) => row.userId === userId),
  };
}

/** 403 HOUSEHOLD_PERMISSION_DENIED unless the role has the permission (re-checked under lock). */
export function assertRoleMay(role: HouseholdRole, permission: HouseholdPermission): void {
  if (!roleMay(role, permission)) {
    throw new FoyerError(
      403,
      HouseholdsErrorCode.PermissionDenied,
      `A household ${role} may not do this (${permission})`,
    );
  }
}

/** 403 ROLE_TOO_HIGH when `role` is above the caller's own (inviting, granting). */
export function assertMayGrant(actorRole: HouseholdRole, role: HouseholdRole): void {
  if (outranks(role, actorRole)) {
    throw new FoyerError(
      403,
      HouseholdsErrorCode.RoleTooHigh,
      `A household ${actorRole} cannot give the role ${role}, which is above their own`,
    );
  }
}

/**
 * Owners may act on anyone; anyone else only on people strictly below them (an admin cannot
 * change or remove an owner or another admin). Acting on oneself is always within rank.
 */
function assertMayActOn(
  actorRole: HouseholdRole,
  targetRole: HouseholdRole,
  isSelf: boolean,
): void {
  if (isSelf || actorRole === HouseholdRole.Owner) return;
  if (isAtLeast(targetRole, actorRole)) {
    throw new FoyerError(
      403,
      HouseholdsErrorCode.PermissionDenied,
      `A household ${actorRole} cannot change a member whose role is ${targetRole}`,
    );
  }
}

function lastOwner(action: string): FoyerError {
  return new FoyerError(
    409,
    HouseholdsErrorCode.LastOwner,
    `The household's only owner cannot ${action}: make another member owner first`,
  );
}

export interface RoleChange {
  actorRole: HouseholdRole;
  targetRole: HouseholdRole;
  newRole: HouseholdRole;
  isSelf: boolean;
  ownerCount: number;
}

/** Throws unless the caller may set the target's role (the caller may manage members). */
export function assertRoleChange(change: RoleChange): void {
  assertMayGrant(change.actorRole, change.newRole);
  assertMayActOn(change.actorRole, change.targetRole, change.isSelf);
  if (
    change.targetRole === HouseholdRole.Owner &&
    change.newRole !== HouseholdRole.Owner &&
    change.ownerCount <= 1
  ) {
    throw lastOwner('be demoted');
  }
}

export interface Removal {
  actorRole: HouseholdRole;
  targetRole: HouseholdRole;
  isSelf: boolean;
  ownerCount: number;
}

/**
 * Throws unless the member may go: leaving (`isSelf`) is open to every role, removing someone
 * else needs the rank (and ManageMembers, checked by the caller). The last owner stays.
 */
export function assertRemoval(removal: Removal): void {
  assertMayActOn(removal.actorRole, removal.targetRole, removal.isSelf);
  if (removal.targetRole === HouseholdRole.Owner && removal.ownerCount <= 1) {
    throw lastOwner(removal.isSelf ? 'leave' : 'be removed');
  }
}
