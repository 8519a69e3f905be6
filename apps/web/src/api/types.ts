/** The shapes the API answers with (libs/accounts and libs/households DTOs). */

export type HouseholdRole = 'owner' | 'admin' | 'member' | 'child';

export const HOUSEHOLD_ROLES: readonly HouseholdRole[] = ['owner', 'admin', 'member', 'child'];

export type HouseholdStatus =
  'provisioning' | 'active' | 'suspended' | 'pending_deletion' | 'purging';

export interface Membership {
  householdId: string;
  slug: string;
  name: string;
  role: HouseholdRole;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  isInstanceAdmin: boolean;
  memberships: Membership[];
}

export interface Account {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
}

export interface Household {
  id: string;
  slug: string;
  name: string;
  status: HouseholdStatus;
  role: HouseholdRole;
  createdAt: string;
}

export interface HouseholdCreated {
  id: string;
  slug: string;
  status: HouseholdStatus;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: HouseholdRole;
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: HouseholdRole;
  expiresAt: string;
  status: 'pending' | 'expired';
}

export interface AcceptedInvite {
  householdId: string;
  slug: string;
  name: string;
  role: HouseholdRole;
}

export interface DeletionRequested {
  status: 'pending_deletion';
  purgeAfter: string;
}
