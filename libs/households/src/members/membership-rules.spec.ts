import { FoyerError } from '@foyer/core';
import { HouseholdRole } from '../access/household-role';
import { MembershipEntity } from '../entities/membership.entity';
import {
  assertMayGrant,
  assertRemoval,
  assertRoleChange,
  lockedMembers,
  RoleChange,
} from './membership-rules';

const { Owner, Admin, Member, Child } = HouseholdRole;

function codeOf(work: () => void): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(FoyerError);
    return (error as FoyerError).code;
  }
}

const change = (overrides: Partial<RoleChange>): RoleChange => ({
  actorRole: Owner,
  targetRole: Member,
  newRole: Admin,
  isSelf: false,
  ownerCount: 1,
  ...overrides,
});

describe('membership rules', () => {
  describe('assertMayGrant', () => {
    it.each([
      [Owner, Owner, undefined],
      [Admin, Admin, undefined],
      [Admin, Child, undefined],
      [Admin, Owner, 'ROLE_TOO_HIGH'],
      [Member, Admin, 'ROLE_TOO_HIGH'],
      [Child, Member, 'ROLE_TOO_HIGH'],
    ])('%s giving %s → %s', (actor, role, code) => {
      expect(codeOf(() => assertMayGrant(actor, role))).toBe(code);
    });
  });

  describe('assertRoleChange', () => {
    it.each<[string, Partial<RoleChange>, string | undefined]>([
      ['owner promotes a member to owner', { newRole: Owner }, undefined],
      [
        'owner demotes another owner',
        { targetRole: Owner, newRole: Member, ownerCount: 2 },
        undefined,
      ],
      ['admin promotes a child to admin', { actorRole: Admin, targetRole: Child }, undefined],
      ['admin promotes a member to owner', { actorRole: Admin, newRole: Owner }, 'ROLE_TOO_HIGH'],
      [
        'admin demotes an owner',
        { actorRole: Admin, targetRole: Owner, newRole: Member, ownerCount: 2 },
        'HOUSEHOLD_PERMISSION_DENIED',
      ],
      [
        'admin demotes another admin',
        { actorRole: Admin, targetRole: Admin, newRole: Member },
        'HOUSEHOLD_PERMISSION_DENIED',
      ],
      [
        'admin steps down themself',
        { actorRole: Admin, targetRole: Admin, newRole: Member, isSelf: true },
        undefined,
      ],
      [
        'the only owner demotes themself',
        { targetRole: Owner, newRole: Admin, isSelf: true, ownerCount: 1 },
        'LAST_OWNER',
      ],
      [
        'one of two owners demotes themself',
        { targetRole: Owner, newRole: Admin, isSelf: true, ownerCount: 2 },
        undefined,
      ],
      [
        'the only owner keeps the owner role',
        { targetRole: Owner, newRole: Owner, isSelf: true },
        undefined,
      ],
    ])('%s → %s', (_label, overrides, code) => {
      expect(codeOf(() => assertRoleChange(change(overrides)))).toBe(code);
    });
  });

  describe('assertRemoval', () => {
    it.each<[string, Parameters<typeof assertRemoval>[0], string | undefined]>([
      [
        'a child leaves',
        { actorRole: Child, targetRole: Child, isSelf: true, ownerCount: 1 },
        undefined,
      ],
      [
        'an admin leaves',
        { actorRole: Admin, targetRole: Admin, isSelf: true, ownerCount: 1 },
        undefined,
      ],
      [
        'the only owner leaves',
        { actorRole: Owner, targetRole: Owner, isSelf: true, ownerCount: 1 },
        'LAST_OWNER',
      ],
      [
        'one of two owners leaves',
        { actorRole: Owner, targetRole: Owner, isSelf: true, ownerCount: 2 },
        undefined,
      ],
      [
        'an owner removes an owner',
        { actorRole: Owner, targetRole: Owner, isSelf: false, ownerCount: 2 },
        undefined,
      ],
      [
        'an owner removes an admin',
        { actorRole: Owner, targetRole: Admin, isSelf: false, ownerCount: 1 },
        undefined,
      ],
      [
        'an admin removes a member',
        { actorRole: Admin, targetRole: Member, isSelf: false, ownerCount: 1 },
        undefined,
      ],
      [
        'an admin removes an admin',
        { actorRole: Admin, targetRole: Admin, isSelf: false, ownerCount: 1 },
        'HOUSEHOLD_PERMISSION_DENIED',
      ],
      [
        'an admin removes the owner',
        { actorRole: Admin, targetRole: Owner, isSelf: false, ownerCount: 1 },
        'HOUSEHOLD_PERMISSION_DENIED',
      ],
    ])('%s → %s', (_label, removal, code) => {
      expect(codeOf(() => assertRemoval(removal))).toBe(code);
    });
  });

  describe('lockedMembers', () => {
    const row = (userId: string, role: HouseholdRole) =>
      ({ householdId: 'h', userId, role, joinedAt: new Date() }) as MembershipEntity;

    it('reads the caller role and the owners from the locked rows', () => {
      const members = lockedMembers([row('a', Owner), row('b', Owner), row('c', Admin)], 'c');
      expect(members.actorRole).toBe(Admin);
      expect(members.ownerCount).toBe(2);
      expect(members.find('b')?.role).toBe(Owner);
      expect(members.find('z')).toBeUndefined();
    });

    it('answers 404 HOUSEHOLD_NOT_FOUND when the caller is no longer a member', () => {
      expect(codeOf(() => lockedMembers([row('a', Owner)], 'gone'))).toBe('HOUSEHOLD_NOT_FOUND');
    });
  });
});
