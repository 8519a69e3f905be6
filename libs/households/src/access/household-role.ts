/** A member's role in one household (docs/roles.md has the whole matrix). */
export enum HouseholdRole {
  Owner = 'owner',
  Admin = 'admin',
  Member = 'member',
  Child = 'child',
}

const RANK: Readonly<Record<HouseholdRole, number>> = {
  [HouseholdRole.Owner]: 3,
  [HouseholdRole.Admin]: 2,
  [HouseholdRole.Member]: 1,
  [HouseholdRole.Child]: 0,
};

export const HOUSEHOLD_ROLES: readonly HouseholdRole[] = Object.values(HouseholdRole);

/** True when `role` is `other` or above it (an admin is at least a member). */
export function isAtLeast(role: HouseholdRole, other: HouseholdRole): boolean {
  return RANK[role] >= RANK[other];
}

/** True when `role` is strictly above `other`. */
export function outranks(role: HouseholdRole, other: HouseholdRole): boolean {
  return RANK[role] > RANK[other];
}
