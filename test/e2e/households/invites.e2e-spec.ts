import request from 'supertest';
import { addMember, createHousehold, TestHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser, uniqueEmail } from '../../factories/user.factory';
import { waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  accept,
  auditActions,
  auditRows,
  invite,
  INVITE_SUBJECT,
  inviteMailCount,
  inviteRows,
  invitedToken,
  limitSeats,
  mailedToken,
  tokenOf,
} from './membership-helpers';

describe('invites: create, list, resend, revoke', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let child: TestUser;
  let outsider: TestUser;
  let home: TestHousehold;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true, displayName: 'Olga' });
    admin = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
    child = await createUser(testApp, { verified: true });
    outsider = await createUser(testApp, { verified: true });
    home = await createHousehold(testApp, owner, { name: 'The Martins' });
    await addMember(testApp, home, admin, 'admin');
    await addMember(testApp, home, member, 'member');
    await addMember(testApp, home, child, 'child');
  });
  afterAll(() => testApp?.close());

  const list = (by: TestUser, hid = home.id) =>
    request(testApp.server).get(`/api/v1/households/${hid}/invites`).set(by.auth);
  const resend = (by: TestUser, id: string, hid = home.id) =>
    request(testApp.server).post(`/api/v1/households/${hid}/invites/${id}/resend`).set(by.auth);
  const revoke = (by: TestUser, id: string, hid = home.id) =>
    request(testApp.server).delete(`/api/v1/households/${hid}/invites/${id}`).set(by.auth);

  describe('POST /api/v1/households/:hid/invites', () => {
    it('creates a pending invite (201), mails a link with a 256-bit token, stores only its hash', async () => {
      const email = uniqueEmail('grandma');
      const response = await invite(testApp, owner, home.slug, {
        email: `  ${email.toUpperCase()} `,
        role: 'member',
      }).expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        email,
        role: 'member',
        expiresAt: expect.any(String),
        status: 'pending',
      });

      const mail = await waitForMail(email, { subject: INVITE_SUBJECT });
      expect(mail.subject).toBe('Olga invited you to the household "The Martins" on Foyer');
      expect(mail.text).toContain('as a member');
      const token = tokenOf(mail.links[0]);
      expect(mail.links[0]).toBe(`http://foyer.test/invite?token=${token}`);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);

      const [row] = await inviteRows(testApp, home.id).then((rows) =>
        rows.filter((candidate) => candidate.id === response.body.id),
      );
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(token);
      expect(row).toMatchObject({ email, role: 'member', accepted_at: null, revoked_at: null });
    });

    it('gives the invite 7 days', async () => {
      const response = await invite(testApp, owner, home.id, {
        email: uniqueEmail('week'),
        role: 'member',
      }).expect(201);
      const [row] = await ownerQuery<{ days: number }>(
        testApp.db,
        `SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days
           FROM invites WHERE id = $1`,
        [response.body.id],
      );
      expect(row.days).toBe(7);
      expect(new Date(response.body.expiresAt).getTime()).toBeGreaterThan(
        Date.now() + 6.9 * 24 * 3600_000,
      );
    });

    it('lets an admin invite up to admin, and audits who did it from where', async () => {
      const email = uniqueEmail('helper');
      const response = await invite(testApp, admin, home.id, { email, role: 'admin' }).expect(201);
      const rows = await auditRows(testApp, home.id);
      expect(rows).toContainEqual(
        expect.objectContaining({
          action: 'invite.created',
          actor_user_id: admin.id,
          target: response.body.id,
          details: { email, role: 'admin' },
          ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        }),
      );
    });

    it.each([
      ['not-an-email'],
      ['a@b'],
      ['two@@example.com'],
      [''],
      [`${'x'.repeat(250)}@example.com`],
      [42],
    ])(
      'refuses the malformed email %p with 400 VALIDATION_FAILED naming the field',
      async (email) => {
        const before = await inviteRows(testApp, home.id);
        const response = await invite(testApp, owner, home.id, { email, role: 'member' }).expect(
          400,
        );
        expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
        expect(response.body.message).toContain('email');
        expect(await inviteRows(testApp, home.id)).toHaveLength(before.length);
      },
    );

    it.each([[undefined], ['king'], ['OWNER'], [null]])(
      'refuses the role %p with 400 VALIDATION_FAILED naming the field',
      async (role) => {
        const response = await invite(testApp, owner, home.id, {
          email: uniqueEmail('role'),
          role,
        }).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(response.body.message).toContain('role');
      },
    );

    it('refuses unknown fields', async () => {
      const response = await invite(testApp, owner, home.id, {
        email: uniqueEmail('extra'),
        role: 'member',
        householdId: 'someone-else',
      }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses an admin inviting an owner with 403 ROLE_TOO_HIGH, and writes nothing', async () => {
      const email = uniqueEmail('crown');
      const before = await auditActions(testApp, home.id);
      const response = await invite(testApp, admin, home.id, { email, role: 'owner' }).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'ROLE_TOO_HIGH' });
      const rows = await inviteRows(testApp, home.id);
      expect(rows.filter((row) => row.email === email)).toHaveLength(0);
      expect(await auditActions(testApp, home.id)).toEqual(before);
      expect(await inviteMailCount(email)).toBe(0);
    });

    it.each([
      ['member', () => member],
      ['child', () => child],
    ])('refuses a %s inviting with 403 HOUSEHOLD_PERMISSION_DENIED', async (_role, who) => {
      const email = uniqueEmail('nope');
      const response = await invite(testApp, who(), home.id, { email, role: 'child' }).expect(403);
      expect(response.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      expect((await inviteRows(testApp, home.id)).filter((row) => row.email === email)).toEqual([]);
    });

    it('answers 404 HOUSEHOLD_NOT_FOUND to a non-member, as for an unknown household', async () => {
      const foreign = await invite(testApp, outsider, home.id, {
        email: uniqueEmail('x'),
        role: 'member',
      }).expect(404);
      const unknown = await invite(testApp, outsider, 'no-such-home', {
        email: uniqueEmail('x'),
        role: 'member',
      }).expect(404);
      const { requestId: _a, ...foreignBody } = foreign.body;
      const { requestId: _b, ...unknownBody } = unknown.body;
      expect(foreignBody).toEqual(unknownBody);
      expect(foreign.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    });

    it('needs a session (401)', async () => {
      await request(testApp.server)
        .post(`/api/v1/households/${home.id}/invites`)
        .send({ email: uniqueEmail('anon'), role: 'member' })
        .expect(401);
    });

    it('refuses inviting a member with 409 ALREADY_MEMBER (case-insensitively), and writes nothing', async () => {
      const response = await invite(testApp, owner, home.id, {
        email: member.email.toUpperCase(),
        role: 'member',
      }).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'ALREADY_MEMBER' });
      const rows = await inviteRows(testApp, home.id);
      expect(rows.filter((row) => row.email === member.email)).toEqual([]);
    });

    it('sends an open invite again instead of duplicating it: 200, same id, new role, new link', async () => {
      const email = uniqueEmail('twice');
      const first = await invitedToken(testApp, owner, home.id, email, 'child');
      const again = await invite(testApp, admin, home.id, { email, role: 'member' }).expect(200);
      expect(again.body).toMatchObject({ id: first.id, role: 'member', status: 'pending' });
      const second = await mailedToken(email, 2);
      expect(second).not.toBe(first.token);
      const rows = (await inviteRows(testApp, home.id)).filter((row) => row.email === email);
      expect(rows).toHaveLength(1);
      // The first link died with the resend.
      const stranger = await createUser(testApp, { verified: true, email });
      expect((await accept(testApp, stranger, first.token).expect(400)).body.code).toBe(
        'INVITE_INVALID',
      );
      await accept(testApp, stranger, second).expect(200);
      expect(await auditActions(testApp, home.id)).toEqual(
        expect.arrayContaining(['invite.created', 'invite.resent', 'member.joined']),
      );
    });

    it("refuses an admin rewriting an owner's invite for an owner (403 ROLE_TOO_HIGH)", async () => {
      const email = uniqueEmail('heir');
      const { id } = await invitedToken(testApp, owner, home.id, email, 'owner');
      const response = await invite(testApp, admin, home.id, { email, role: 'member' }).expect(403);
      expect(response.body.code).toBe('ROLE_TOO_HIGH');
      const [row] = (await inviteRows(testApp, home.id)).filter((candidate) => candidate.id === id);
      expect(row.role).toBe('owner');
    });

    it('refuses a read-only household with 409 HOUSEHOLD_READ_ONLY', async () => {
      for (const status of ['suspended', 'pending_deletion'] as const) {
        const frozen = await createHousehold(testApp, owner, { status });
        const email = uniqueEmail('frozen');
        const response = await invite(testApp, owner, frozen.id, { email, role: 'member' }).expect(
          409,
        );
        expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
        expect(await inviteRows(testApp, frozen.id)).toEqual([]);
      }
    });
  });

  describe('seats', () => {
    it('counts members and pending invites against the limit: 409 SEAT_LIMIT, nothing written', async () => {
      const small = await createHousehold(testApp, owner);
      const undo = limitSeats(testApp, small.id, 3);
      try {
        await addMember(testApp, small, member, 'member');
        // Two seats taken (owner, member): one invite fits, the next does not.
        const fits = uniqueEmail('fits');
        await invite(testApp, owner, small.id, { email: fits, role: 'member' }).expect(201);
        const tooMany = uniqueEmail('toomany');
        const refused = await invite(testApp, owner, small.id, {
          email: tooMany,
          role: 'member',
        }).expect(409);
        expect(refused.body).toMatchObject({ statusCode: 409, code: 'SEAT_LIMIT' });
        expect((await inviteRows(testApp, small.id)).map((row) => row.email)).toEqual([fits]);
        expect(await auditActions(testApp, small.id)).toEqual(['invite.created']);

        // Re-sending the invite that holds a seat is fine; an expired one holds none.
        await invite(testApp, owner, small.id, { email: fits, role: 'child' }).expect(200);
        await ownerQuery(
          testApp.db,
          `UPDATE invites SET expires_at = now() - interval '1 minute' WHERE household_id = $1`,
          [small.id],
        );
        await invite(testApp, owner, small.id, { email: tooMany, role: 'member' }).expect(201);
        // Now the expired one cannot come back: its seat went to the newer invite.
        const [expired] = (await inviteRows(testApp, small.id)).filter((row) => row.email === fits);
        expect((await resend(owner, expired.id, small.id).expect(409)).body.code).toBe(
          'SEAT_LIMIT',
        );
        // Revoking frees the seat.
        const [pending] = (await inviteRows(testApp, small.id)).filter(
          (row) => row.email === tooMany,
        );
        await revoke(owner, pending.id, small.id).expect(204);
        await resend(owner, expired.id, small.id).expect(200);
      } finally {
        undo();
      }
    });

    it('lets only one of two concurrent invites take the last seat', async () => {
      const small = await createHousehold(testApp, owner);
      const undo = limitSeats(testApp, small.id, 2);
      try {
        const responses = await Promise.all(
          [uniqueEmail('race-a'), uniqueEmail('race-b'), uniqueEmail('race-c')].map((email) =>
            invite(testApp, owner, small.id, { email, role: 'member' }),
          ),
        );
        expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409]);
        expect(await inviteRows(testApp, small.id)).toHaveLength(1);
      } finally {
        undo();
      }
    });
  });

  describe('GET /api/v1/households/:hid/invites', () => {
    it('lists open invites, newest first, expired ones marked; never tokens or used/revoked ones', async () => {
      const house = await createHousehold(testApp, owner);
      const a = await invitedToken(testApp, owner, house.id, uniqueEmail('list-a'));
      const b = await invitedToken(testApp, owner, house.id, uniqueEmail('list-b'), 'child');
      const c = await invitedToken(testApp, owner, house.id, uniqueEmail('list-c'));
      const d = await invitedToken(testApp, owner, house.id, uniqueEmail('list-d'));
      await revoke(owner, c.id, house.id).expect(204);
      const joiner = await createUser(testApp, {
        verified: true,
        email: (await inviteRows(testApp, house.id)).find((row) => row.id === d.id)!.email,
      });
      await accept(testApp, joiner, d.token).expect(200);
      await ownerQuery(
        testApp.db,
        `UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [a.id],
      );

      const response = await list(owner, house.slug).expect(200);
      expect(response.body.map((item: { id: string }) => item.id)).toEqual([b.id, a.id]);
      expect(response.body[0]).toEqual({
        id: b.id,
        email: expect.stringMatching(/^list-b-/),
        role: 'child',
        expiresAt: expect.any(String),
        status: 'pending',
      });
      expect(response.body[1].status).toBe('expired');
      expect(JSON.stringify(response.body)).not.toContain(b.token);
    });

    it('is for owners and admins: 403 for members, 404 for outsiders', async () => {
      await list(admin).expect(200);
      expect((await list(member).expect(403)).body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      expect((await list(child).expect(403)).body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      expect((await list(outsider).expect(404)).body.code).toBe('HOUSEHOLD_NOT_FOUND');
    });
  });

  describe('POST /api/v1/households/:hid/invites/:id/resend', () => {
    it('mails a new link and 7 more days; the old link dies', async () => {
      const email = uniqueEmail('resend');
      const first = await invitedToken(testApp, owner, home.id, email);
      await ownerQuery(
        testApp.db,
        `UPDATE invites SET expires_at = now() + interval '1 hour' WHERE id = $1`,
        [first.id],
      );
      const response = await resend(admin, first.id).expect(200);
      expect(response.body).toMatchObject({
        id: first.id,
        email,
        role: 'member',
        status: 'pending',
      });
      expect(new Date(response.body.expiresAt).getTime()).toBeGreaterThan(
        Date.now() + 6.9 * 24 * 3600_000,
      );
      const second = await mailedToken(email, 2);
      expect(second).not.toBe(first.token);

      const invitee = await createUser(testApp, { verified: true, email });
      expect((await accept(testApp, invitee, first.token).expect(400)).body.code).toBe(
        'INVITE_INVALID',
      );
      await accept(testApp, invitee, second).expect(200);
      expect(await auditActions(testApp, home.id)).toEqual(
        expect.arrayContaining(['invite.resent']),
      );
    });

    it('revives an expired invite', async () => {
      const email = uniqueEmail('revive');
      const first = await invitedToken(testApp, owner, home.id, email);
      await ownerQuery(
        testApp.db,
        `UPDATE invites SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [first.id],
      );
      const response = await resend(owner, first.id).expect(200);
      expect(response.body.status).toBe('pending');
      const invitee = await createUser(testApp, { verified: true, email });
      await accept(testApp, invitee, await mailedToken(email, 2)).expect(200);
    });

    it('answers 404 INVITE_NOT_FOUND for a revoked, accepted, unknown, malformed or foreign invite', async () => {
      const email = uniqueEmail('gone');
      const revoked = await invitedToken(testApp, owner, home.id, email);
      await revoke(owner, revoked.id).expect(204);

      const joinedEmail = uniqueEmail('joined');
      const used = await invitedToken(testApp, owner, home.id, joinedEmail);
      const joiner = await createUser(testApp, { verified: true, email: joinedEmail });
      await accept(testApp, joiner, used.token).expect(200);

      const elsewhere = await createHousehold(testApp, outsider);
      const foreign = await invitedToken(testApp, outsider, elsewhere.id, uniqueEmail('foreign'));

      for (const id of [
        revoked.id,
        used.id,
        foreign.id,
        '00000000-0000-4000-8000-000000000000',
        'not-an-id',
      ]) {
        const response = await resend(owner, id).expect(404);
        expect(response.body.code).toBe('INVITE_NOT_FOUND');
      }
      expect(await inviteMailCount(email)).toBe(1);
    });

    it("refuses an admin resending an owner's invite (403 ROLE_TOO_HIGH) and a member (403)", async () => {
      const { id } = await invitedToken(testApp, owner, home.id, uniqueEmail('owner-inv'), 'owner');
      expect((await resend(admin, id).expect(403)).body.code).toBe('ROLE_TOO_HIGH');
      expect((await resend(member, id).expect(403)).body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      expect((await resend(outsider, id).expect(404)).body.code).toBe('HOUSEHOLD_NOT_FOUND');
    });
  });

  describe('DELETE /api/v1/households/:hid/invites/:id', () => {
    it('revokes (204): the link answers INVITE_REVOKED, the invite leaves the list, audited', async () => {
      const email = uniqueEmail('revoke');
      const { id, token } = await invitedToken(testApp, owner, home.id, email);
      await revoke(admin, id).expect(204);
      const listed = await list(owner).expect(200);
      expect(listed.body.map((item: { id: string }) => item.id)).not.toContain(id);
      const invitee = await createUser(testApp, { verified: true, email });
      const response = await accept(testApp, invitee, token).expect(410);
      expect(response.body).toMatchObject({ statusCode: 410, code: 'INVITE_REVOKED' });
      expect(await auditRows(testApp, home.id)).toContainEqual(
        expect.objectContaining({ action: 'invite.revoked', actor_user_id: admin.id, target: id }),
      );
      // Revoking twice: there is no open invite with that id any more.
      expect((await revoke(admin, id).expect(404)).body.code).toBe('INVITE_NOT_FOUND');
    });

    it("answers 404 INVITE_NOT_FOUND for another household's invite id, and leaves it alone", async () => {
      const elsewhere = await createHousehold(testApp, outsider);
      const foreign = await invitedToken(testApp, outsider, elsewhere.id, uniqueEmail('theirs'));
      const response = await revoke(owner, foreign.id).expect(404);
      expect(response.body.code).toBe('INVITE_NOT_FOUND');
      const [row] = await inviteRows(testApp, elsewhere.id);
      expect(row.revoked_at).toBeNull();
    });

    it("refuses a member (403), and an admin revoking an owner's invite (403 ROLE_TOO_HIGH)", async () => {
      const { id } = await invitedToken(testApp, owner, home.id, uniqueEmail('keep'), 'owner');
      expect((await revoke(member, id).expect(403)).body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
      expect((await revoke(admin, id).expect(403)).body.code).toBe('ROLE_TOO_HIGH');
      const [row] = (await inviteRows(testApp, home.id)).filter((candidate) => candidate.id === id);
      expect(row.revoked_at).toBeNull();
      await revoke(owner, id).expect(204);
    });

    it('refuses a read-only household with 409 HOUSEHOLD_READ_ONLY', async () => {
      const house = await createHousehold(testApp, owner);
      const { id } = await invitedToken(testApp, owner, house.id, uniqueEmail('ro'));
      await ownerQuery(testApp.db, `UPDATE households SET status = 'suspended' WHERE id = $1`, [
        house.id,
      ]);
      expect((await revoke(owner, id, house.id).expect(409)).body.code).toBe('HOUSEHOLD_READ_ONLY');
      expect((await resend(owner, id, house.id).expect(409)).body.code).toBe('HOUSEHOLD_READ_ONLY');
      const [row] = await inviteRows(testApp, house.id);
      expect(row.revoked_at).toBeNull();
      // Reading goes on.
      await list(owner, house.id).expect(200);
    });
  });
});
