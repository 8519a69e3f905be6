import request from 'supertest';
import {
  addMember,
  createHousehold,
  HouseholdRoleName,
  setHouseholdStatus,
  TestHousehold,
} from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { auditActions, auditRows, memberRoles } from './membership-helpers';

describe('household members', () => {
  let testApp: TestApp;
  let outsider: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    outsider = await createUser(testApp, { verified: true });
  });
  afterAll(() => testApp?.close());

  interface Family {
    home: TestHousehold;
    owner: TestUser;
    admin: TestUser;
    member: TestUser;
    child: TestUser;
  }

  /** A fresh household per test: owner, admin, member, child (and any extra roles asked for). */
  async function family(extra: HouseholdRoleName[] = []): Promise<Family & { extra: TestUser[] }> {
    const owner = await createUser(testApp, { verified: true, displayName: 'Olga' });
    const home = await createHousehold(testApp, owner);
    const people: Partial<Family> & { extra: TestUser[] } = { home, owner, extra: [] };
    for (const role of ['admin', 'member', 'child'] as const) {
      const user = await createUser(testApp, { verified: true });
      await addMember(testApp, home, user, role);
      people[role] = user;
    }
    for (const role of extra) {
      const user = await createUser(testApp, { verified: true });
      await addMember(testApp, home, user, role);
      people.extra.push(user);
    }
    return people as Family & { extra: TestUser[] };
  }

  const list = (by: TestUser, hid: string) =>
    request(testApp.server).get(`/api/v1/households/${hid}/members`).set(by.auth);
  const patch = (by: TestUser, hid: string, userId: string, body: Record<string, unknown>) =>
    request(testApp.server)
      .patch(`/api/v1/households/${hid}/members/${userId}`)
      .set(by.auth)
      .send(body);
  const remove = (by: TestUser, hid: string, userId: string) =>
    request(testApp.server).delete(`/api/v1/households/${hid}/members/${userId}`).set(by.auth);
  const transfer = (by: TestUser, hid: string, body: Record<string, unknown>) =>
    request(testApp.server)
      .post(`/api/v1/households/${hid}/transfer-ownership`)
      .set(by.auth)
      .send(body);

  /** Refusals leave the memberships and the audit log exactly as they were. */
  async function unchanged(home: TestHousehold, work: () => Promise<unknown>): Promise<void> {
    const roles = await memberRoles(testApp, home.id);
    const actions = await auditActions(testApp, home.id);
    await work();
    expect(await memberRoles(testApp, home.id)).toEqual(roles);
    expect(await auditActions(testApp, home.id)).toEqual(actions);
  }

  describe('GET /api/v1/households/:hid/members', () => {
    it('lists every member, explicitly mapped, for any member (even a child)', async () => {
      const { home, owner, admin, member, child } = await family();
      const response = await list(child, home.slug).expect(200);
      expect(response.body).toHaveLength(4);
      expect(response.body[0]).toEqual({
        userId: owner.id,
        email: owner.email,
        displayName: 'Olga',
        role: 'owner',
        joinedAt: expect.any(String),
      });
      expect(new Date(response.body[0].joinedAt).toISOString()).toBe(response.body[0].joinedAt);
      const roles = Object.fromEntries(
        response.body.map((row: { userId: string; role: string }) => [row.userId, row.role]),
      );
      expect(roles).toEqual({
        [owner.id]: 'owner',
        [admin.id]: 'admin',
        [member.id]: 'member',
        [child.id]: 'child',
      });
    });

    it('answers 404 to outsiders and 401 without a session', async () => {
      const { home } = await family();
      expect((await list(outsider, home.id).expect(404)).body.code).toBe('HOUSEHOLD_NOT_FOUND');
      await request(testApp.server).get(`/api/v1/households/${home.id}/members`).expect(401);
    });
  });

  describe('PATCH /api/v1/households/:hid/members/:userId', () => {
    it('changes a role (200, the member as now), audited with who, what and from where', async () => {
      const { home, owner, member } = await family();
      const response = await patch(owner, home.id, member.id, { role: 'admin' }).expect(200);
      expect(response.body).toMatchObject({
        userId: member.id,
        email: member.email,
        role: 'admin',
      });
      expect((await memberRoles(testApp, home.id))[member.id]).toBe('admin');
      const rows = await auditRows(testApp, home.id);
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'member.role-changed',
          actor_user_id: owner.id,
          target: member.id,
          details: { from: 'member', to: 'admin' },
          ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        }),
      ]);
    });

    it('lets an admin manage members and children, up to admin', async () => {
      const { home, admin, member, child } = await family();
      await patch(admin, home.id, child.id, { role: 'member' }).expect(200);
      await patch(admin, home.id, member.id, { role: 'admin' }).expect(200);
      expect(await memberRoles(testApp, home.id)).toMatchObject({
        [child.id]: 'member',
        [member.id]: 'admin',
      });
    });

    it('refuses an admin promoting anyone to owner (403 ROLE_TOO_HIGH), writing nothing', async () => {
      const { home, admin, member } = await family();
      await unchanged(home, async () => {
        const response = await patch(admin, home.id, member.id, { role: 'owner' }).expect(403);
        expect(response.body).toMatchObject({ statusCode: 403, code: 'ROLE_TOO_HIGH' });
        // Themself neither.
        expect(
          (await patch(admin, home.id, admin.id, { role: 'owner' }).expect(403)).body.code,
        ).toBe('ROLE_TOO_HIGH');
      });
    });

    it('refuses an admin changing an owner or another admin (403), writing nothing', async () => {
      const { home, owner, admin, extra } = await family(['admin']);
      await unchanged(home, async () => {
        for (const target of [owner, extra[0]]) {
          const response = await patch(admin, home.id, target.id, { role: 'member' }).expect(403);
          expect(response.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
        }
      });
    });

    it('lets an admin step down themself', async () => {
      const { home, admin } = await family();
      await patch(admin, home.id, admin.id, { role: 'member' }).expect(200);
      expect((await memberRoles(testApp, home.id))[admin.id]).toBe('member');
    });

    it('refuses members and children (403 HOUSEHOLD_PERMISSION_DENIED)', async () => {
      const { home, member, child } = await family();
      await unchanged(home, async () => {
        expect(
          (await patch(member, home.id, child.id, { role: 'member' }).expect(403)).body.code,
        ).toBe('HOUSEHOLD_PERMISSION_DENIED');
        expect(
          (await patch(child, home.id, child.id, { role: 'member' }).expect(403)).body.code,
        ).toBe('HOUSEHOLD_PERMISSION_DENIED');
      });
    });

    it('lets owners do all: demote another owner', async () => {
      const { home, owner, extra } = await family(['owner']);
      await patch(owner, home.id, extra[0].id, { role: 'member' }).expect(200);
      expect((await memberRoles(testApp, home.id))[extra[0].id]).toBe('member');
    });

    it('refuses demoting the only owner (409 LAST_OWNER), writing nothing', async () => {
      const { home, owner } = await family();
      await unchanged(home, async () => {
        const response = await patch(owner, home.id, owner.id, { role: 'admin' }).expect(409);
        expect(response.body).toMatchObject({ statusCode: 409, code: 'LAST_OWNER' });
      });
    });

    it('of two owners demoting each other at once, one wins: an owner is always left', async () => {
      const { home, owner, extra } = await family(['owner']);
      const second = extra[0];
      const responses = await Promise.all([
        patch(owner, home.id, second.id, { role: 'admin' }),
        patch(second, home.id, owner.id, { role: 'admin' }),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 403]);
      const roles = await memberRoles(testApp, home.id);
      expect([roles[owner.id], roles[second.id]].sort()).toEqual(['admin', 'owner']);
    });

    it('keeps a role that does not change, with no audit event', async () => {
      const { home, owner, member } = await family();
      await unchanged(home, async () => {
        await patch(owner, home.id, member.id, { role: 'member' }).expect(200);
      });
    });

    it('answers 404 MEMBER_NOT_FOUND for a non-member, an unknown or a malformed user id', async () => {
      const { home, owner } = await family();
      for (const id of [outsider.id, '00000000-0000-4000-8000-000000000000', 'nobody']) {
        const response = await patch(owner, home.id, id, { role: 'member' }).expect(404);
        expect(response.body.code).toBe('MEMBER_NOT_FOUND');
      }
    });

    it.each([[{}], [{ role: 'emperor' }], [{ role: 'member', extra: 1 }]])(
      'refuses the body %p with 400 VALIDATION_FAILED',
      async (body) => {
        const { home, owner, member } = await family();
        const response = await patch(owner, home.id, member.id, body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('answers 404 to outsiders, 409 HOUSEHOLD_READ_ONLY in a read-only household', async () => {
      const { home, owner, member } = await family();
      expect(
        (await patch(outsider, home.id, member.id, { role: 'admin' }).expect(404)).body.code,
      ).toBe('HOUSEHOLD_NOT_FOUND');
      await setHouseholdStatus(testApp, home, 'suspended');
      await unchanged(home, async () => {
        expect(
          (await patch(owner, home.id, member.id, { role: 'admin' }).expect(409)).body.code,
        ).toBe('HOUSEHOLD_READ_ONLY');
      });
    });
  });

  describe('DELETE /api/v1/households/:hid/members/:userId', () => {
    it('removes a member (204), who then loses access; audited as member.removed', async () => {
      const { home, admin, member } = await family();
      await remove(admin, home.id, member.id).expect(204);
      expect((await memberRoles(testApp, home.id))[member.id]).toBeUndefined();
      await list(member, home.id).expect(404);
      expect(await auditRows(testApp, home.id)).toEqual([
        expect.objectContaining({
          action: 'member.removed',
          actor_user_id: admin.id,
          target: member.id,
          details: { role: 'member' },
        }),
      ]);
    });

    it.each<[HouseholdRoleName]>([['admin'], ['member'], ['child']])(
      'lets a %s leave (their own id), audited as member.left',
      async (role) => {
        const people = await family();
        const leaver = people[role as 'admin' | 'member' | 'child'];
        await remove(leaver, people.home.id, leaver.id).expect(204);
        expect((await memberRoles(testApp, people.home.id))[leaver.id]).toBeUndefined();
        expect(await auditRows(testApp, people.home.id)).toEqual([
          expect.objectContaining({
            action: 'member.left',
            actor_user_id: leaver.id,
            target: leaver.id,
          }),
        ]);
      },
    );

    it('lets an owner leave when another owner stays', async () => {
      const { home, owner, extra } = await family(['owner']);
      await remove(owner, home.id, owner.id).expect(204);
      expect((await memberRoles(testApp, home.id))[extra[0].id]).toBe('owner');
    });

    it('refuses the only owner leaving (409 LAST_OWNER), writing nothing', async () => {
      const { home, owner } = await family();
      await unchanged(home, async () => {
        const response = await remove(owner, home.id, owner.id).expect(409);
        expect(response.body).toMatchObject({ statusCode: 409, code: 'LAST_OWNER' });
        expect(response.body.message).toMatch(/leave/);
      });
    });

    it('of two owners leaving at once, exactly one goes', async () => {
      const { home, owner, extra } = await family(['owner']);
      const responses = await Promise.all([
        remove(owner, home.id, owner.id),
        remove(extra[0], home.id, extra[0].id),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([204, 409]);
      expect(responses.find((response) => response.status === 409)?.body.code).toBe('LAST_OWNER');
      const owners = Object.values(await memberRoles(testApp, home.id)).filter(
        (role) => role === 'owner',
      );
      expect(owners).toHaveLength(1);
    });

    it('lets an owner remove another owner', async () => {
      const { home, owner, extra } = await family(['owner']);
      await remove(owner, home.id, extra[0].id).expect(204);
    });

    it('refuses an admin removing an owner or another admin (403), writing nothing', async () => {
      const { home, owner, admin, extra } = await family(['admin']);
      await unchanged(home, async () => {
        for (const target of [owner, extra[0]]) {
          expect((await remove(admin, home.id, target.id).expect(403)).body.code).toBe(
            'HOUSEHOLD_PERMISSION_DENIED',
          );
        }
      });
    });

    it('refuses members and children removing others (403)', async () => {
      const { home, member, child } = await family();
      await unchanged(home, async () => {
        expect((await remove(member, home.id, child.id).expect(403)).body.code).toBe(
          'HOUSEHOLD_PERMISSION_DENIED',
        );
        expect((await remove(child, home.id, member.id).expect(403)).body.code).toBe(
          'HOUSEHOLD_PERMISSION_DENIED',
        );
      });
    });

    it('answers 404 MEMBER_NOT_FOUND for someone not in the household, 404 to outsiders', async () => {
      const { home, owner, member } = await family();
      for (const id of [outsider.id, 'not-a-uuid']) {
        expect((await remove(owner, home.id, id).expect(404)).body.code).toBe('MEMBER_NOT_FOUND');
      }
      expect((await remove(outsider, home.id, member.id).expect(404)).body.code).toBe(
        'HOUSEHOLD_NOT_FOUND',
      );
      // Leaving a household one is not in is the same 404 as any foreign household.
      expect((await remove(outsider, home.id, outsider.id).expect(404)).body.code).toBe(
        'HOUSEHOLD_NOT_FOUND',
      );
    });

    it('refuses changes, leaving included, while the household is read-only (409)', async () => {
      const { home, owner, member } = await family();
      await setHouseholdStatus(testApp, home, 'pending_deletion');
      await unchanged(home, async () => {
        expect((await remove(owner, home.id, member.id).expect(409)).body.code).toBe(
          'HOUSEHOLD_READ_ONLY',
        );
        expect((await remove(member, home.id, member.id).expect(409)).body.code).toBe(
          'HOUSEHOLD_READ_ONLY',
        );
      });
      await list(member, home.id).expect(200);
    });
  });

  describe('POST /api/v1/households/:hid/transfer-ownership', () => {
    it('makes the target owner and the caller admin (204), audited', async () => {
      const { home, owner, member } = await family();
      await transfer(owner, home.id, { userId: member.id }).expect(204);
      expect(await memberRoles(testApp, home.id)).toMatchObject({
        [owner.id]: 'admin',
        [member.id]: 'owner',
      });
      expect(await auditRows(testApp, home.id)).toEqual([
        expect.objectContaining({
          action: 'member.ownership-transferred',
          actor_user_id: owner.id,
          target: member.id,
          details: expect.objectContaining({ previousRole: 'member', previousOwner: owner.id }),
        }),
      ]);
      // The new owner holds the owner's powers; the former one no longer does.
      await transfer(member, home.id, { userId: owner.id }).expect(204);
      expect((await memberRoles(testApp, home.id))[owner.id]).toBe('owner');
    });

    it('is for owners only (403 for an admin), and writes nothing', async () => {
      const { home, admin, member } = await family();
      await unchanged(home, async () => {
        const response = await transfer(admin, home.id, { userId: member.id }).expect(403);
        expect(response.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      });
    });

    it('refuses a non-member target (404 MEMBER_NOT_FOUND) and oneself (400)', async () => {
      const { home, owner } = await family();
      await unchanged(home, async () => {
        expect(
          (await transfer(owner, home.id, { userId: outsider.id }).expect(404)).body.code,
        ).toBe('MEMBER_NOT_FOUND');
        expect((await transfer(owner, home.id, { userId: owner.id }).expect(400)).body.code).toBe(
          'OWNERSHIP_TRANSFER_TO_SELF',
        );
      });
    });

    it.each([[{}], [{ userId: 'abc' }], [{ userId: 7 }]])(
      'refuses the body %p with 400 VALIDATION_FAILED',
      async (body) => {
        const { home, owner } = await family();
        const response = await transfer(owner, home.id, body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(response.body.message).toContain('userId');
      },
    );

    it('refuses a read-only household (409) and outsiders (404)', async () => {
      const { home, owner, member } = await family();
      expect((await transfer(outsider, home.id, { userId: member.id }).expect(404)).body.code).toBe(
        'HOUSEHOLD_NOT_FOUND',
      );
      await setHouseholdStatus(testApp, home, 'suspended');
      expect((await transfer(owner, home.id, { userId: member.id }).expect(409)).body.code).toBe(
        'HOUSEHOLD_READ_ONLY',
      );
    });
  });
});
