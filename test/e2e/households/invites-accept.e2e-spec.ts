import request from 'supertest';
import {
  addMember,
  createHousehold,
  setHouseholdStatus,
  TestHousehold,
} from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser, uniqueEmail } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  accept,
  auditRows,
  invite,
  inviteRows,
  invitedToken,
  limitSeats,
  mailedToken,
  memberRoles,
} from './membership-helpers';

describe('POST /api/v1/invites/accept', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let home: TestHousehold;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true });
    admin = await createUser(testApp, { verified: true });
    home = await createHousehold(testApp, owner, { name: 'The Okafors' });
    await addMember(testApp, home, admin, 'admin');
  });
  afterAll(() => testApp?.close());

  /** An invite for a fresh address, and a verified account with that address. */
  async function invitee(role = 'member', household = home) {
    const email = uniqueEmail('invitee');
    const sent = await invitedToken(testApp, owner, household.id, email, role);
    const user = await createUser(testApp, { verified: true, email });
    return { ...sent, email, user };
  }

  /** What accepting must not leave behind when it is refused. */
  async function expectNothingWritten(household: TestHousehold, inviteId: string, userId: string) {
    const roles = await memberRoles(testApp, household.id);
    expect(roles[userId]).toBeUndefined();
    const [row] = (await inviteRows(testApp, household.id)).filter((item) => item.id === inviteId);
    expect(row.accepted_at).toBeNull();
    expect(row.accepted_by).toBeNull();
    const joined = (await auditRows(testApp, household.id)).filter(
      (row) => row.action === 'member.joined' && row.target === userId,
    );
    expect(joined).toEqual([]);
  }

  it("joins the household with the invite's role, marks it used, and audits member.joined", async () => {
    const { id, token, user } = await invitee('child');
    const response = await accept(testApp, user, token).expect(200);
    expect(response.body).toEqual({
      householdId: home.id,
      slug: home.slug,
      name: 'The Okafors',
      role: 'child',
    });
    expect((await memberRoles(testApp, home.id))[user.id]).toBe('child');
    const [row] = (await inviteRows(testApp, home.id)).filter((item) => item.id === id);
    expect(row.accepted_at).not.toBeNull();
    expect(row.accepted_by).toBe(user.id);
    expect(await auditRows(testApp, home.id)).toContainEqual(
      expect.objectContaining({
        action: 'member.joined',
        actor_user_id: user.id,
        target: user.id,
        details: { role: 'child', inviteId: id, invitedBy: owner.id },
        ip: expect.any(String),
      }),
    );
    // The household now shows among the account's memberships and answers to it.
    const me = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(me.body.memberships).toContainEqual(
      expect.objectContaining({ householdId: home.id, role: 'child' }),
    );
    await request(testApp.server)
      .get(`/api/v1/households/${home.id}/members`)
      .set(user.auth)
      .expect(200);
  });

  it('refuses a second accept with 409 INVITE_USED (also from another account)', async () => {
    const { token, user, email } = await invitee();
    await accept(testApp, user, token).expect(200);
    const again = await accept(testApp, user, token).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'INVITE_USED' });
    const other = await createUser(testApp, { verified: true });
    expect((await accept(testApp, other, token).expect(409)).body.code).toBe('INVITE_USED');
    const joined = (await auditRows(testApp, home.id)).filter(
      (row) => row.action === 'member.joined' && row.target === user.id,
    );
    expect(joined).toHaveLength(1);
    expect(email).toBe(user.email);
  });

  it('of concurrent accepts of one invite, exactly one joins; the others get INVITE_USED', async () => {
    const { token, user } = await invitee();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => accept(testApp, user, token)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const response of responses.filter((item) => item.status === 409)) {
      expect(response.body.code).toBe('INVITE_USED');
    }
    const [{ count }] = await ownerQuery<{ count: number }>(
      testApp.db,
      'SELECT count(*)::int AS count FROM memberships WHERE household_id = $1 AND user_id = $2',
      [home.id, user.id],
    );
    expect(count).toBe(1);
    const joined = (await auditRows(testApp, home.id)).filter(
      (row) => row.action === 'member.joined' && row.target === user.id,
    );
    expect(joined).toHaveLength(1);
  });

  it('refuses another account with 403 INVITE_EMAIL_MISMATCH, and writes nothing', async () => {
    const { id, token } = await invitee();
    const wrong = await createUser(testApp, { verified: true });
    const response = await accept(testApp, wrong, token).expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'INVITE_EMAIL_MISMATCH' });
    await expectNothingWritten(home, id, wrong.id);
  });

  it('refuses the right address while it is unverified (403 EMAIL_NOT_VERIFIED), then accepts', async () => {
    const email = uniqueEmail('unverified');
    const { id, token } = await invitedToken(testApp, owner, home.id, email);
    const user = await createUser(testApp, { email });
    const response = await accept(testApp, user, token).expect(403);
    expect(response.body.code).toBe('EMAIL_NOT_VERIFIED');
    expect(response.body.message).toMatch(/confirm your email/i);
    await expectNothingWritten(home, id, user.id);
    await ownerQuery(testApp.db, 'UPDATE users SET email_verified_at = now() WHERE id = $1', [
      user.id,
    ]);
    await accept(testApp, user, token).expect(200);
  });

  it('refuses an expired invite with 410 INVITE_EXPIRED, and writes nothing', async () => {
    const { id, token, user } = await invitee();
    await ownerQuery(
      testApp.db,
      `UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    const response = await accept(testApp, user, token).expect(410);
    expect(response.body).toMatchObject({ statusCode: 410, code: 'INVITE_EXPIRED' });
    await expectNothingWritten(home, id, user.id);
  });

  it('refuses a revoked invite with 410 INVITE_REVOKED, and writes nothing', async () => {
    const { id, token, user } = await invitee();
    await request(testApp.server)
      .delete(`/api/v1/households/${home.id}/invites/${id}`)
      .set(owner.auth)
      .expect(204);
    const response = await accept(testApp, user, token).expect(410);
    expect(response.body).toMatchObject({ statusCode: 410, code: 'INVITE_REVOKED' });
    await expectNothingWritten(home, id, user.id);
  });

  it('says used before revoked or expired', async () => {
    const { id, token, user } = await invitee();
    await accept(testApp, user, token).expect(200);
    await ownerQuery(
      testApp.db,
      `UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    expect((await accept(testApp, user, token).expect(409)).body.code).toBe('INVITE_USED');
  });

  it.each([['made-up'], ['A'.repeat(43)]])(
    'refuses the unknown token %p with 400 INVITE_INVALID',
    async (token) => {
      const user = await createUser(testApp, { verified: true });
      const response = await accept(testApp, user, token).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'INVITE_INVALID' });
    },
  );

  it.each([[''], [undefined], [42], ['x'.repeat(300)]])(
    'refuses the malformed token %p with 400 VALIDATION_FAILED',
    async (token) => {
      const user = await createUser(testApp, { verified: true });
      const response = await accept(testApp, user, token).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.message).toContain('token');
    },
  );

  it('needs a session (401)', async () => {
    await request(testApp.server).post('/api/v1/invites/accept').send({ token: 'x' }).expect(401);
  });

  it('refuses someone who is a member already with 409 ALREADY_MEMBER, leaving the invite open', async () => {
    const { id, token, user } = await invitee();
    await addMember(testApp, home, user, 'member');
    const response = await accept(testApp, user, token).expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'ALREADY_MEMBER' });
    expect((await memberRoles(testApp, home.id))[user.id]).toBe('member');
    const [row] = (await inviteRows(testApp, home.id)).filter((item) => item.id === id);
    expect(row.accepted_at).toBeNull();
  });

  it('refuses when the household has no seat left (409 SEAT_LIMIT), and writes nothing', async () => {
    const house = await createHousehold(testApp, owner);
    const { id, token, user } = await invitee('member', house);
    // Owner plus this pending invite: two seats. The plan shrank to one meanwhile.
    const undo = limitSeats(testApp, house.id, 1);
    try {
      const response = await accept(testApp, user, token).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'SEAT_LIMIT' });
      await expectNothingWritten(house, id, user.id);
    } finally {
      undo();
    }
    // With the seats it already holds, the invite fits exactly.
    const undoTwo = limitSeats(testApp, house.id, 2);
    try {
      await accept(testApp, user, token).expect(200);
    } finally {
      undoTwo();
    }
  });

  it('refuses a read-only household with 409 HOUSEHOLD_READ_ONLY, and writes nothing', async () => {
    const house = await createHousehold(testApp, owner);
    const { id, token, user } = await invitee('member', house);
    await setHouseholdStatus(testApp, house, 'suspended');
    const response = await accept(testApp, user, token).expect(409);
    expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
    await expectNothingWritten(house, id, user.id);
    await setHouseholdStatus(testApp, house, 'active');
    await accept(testApp, user, token).expect(200);
  });

  it('lets one account belong to several households', async () => {
    const other = await createHousehold(testApp, admin);
    const email = uniqueEmail('grandpa');
    const first = await invitedToken(testApp, owner, home.id, email);
    const user = await createUser(testApp, { verified: true, email });
    await accept(testApp, user, first.token).expect(200);
    await invite(testApp, admin, other.id, { email, role: 'admin' }).expect(201);
    await accept(testApp, user, await mailedToken(email, 2)).expect(200);
    expect((await memberRoles(testApp, home.id))[user.id]).toBe('member');
    expect((await memberRoles(testApp, other.id))[user.id]).toBe('admin');
  });
});

describe('POST /api/v1/invites/preview', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let home: TestHousehold;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true, displayName: 'Ngozi' });
    home = await createHousehold(testApp, owner, { name: 'The Okafors' });
  });
  afterAll(() => testApp?.close());

  const preview = (token: unknown) =>
    request(testApp.server).post('/api/v1/invites/preview').send({ token });

  it('shows the household, the inviter and the address to the link holder, signed out', async () => {
    const email = uniqueEmail('previewed');
    const { token } = await invitedToken(testApp, owner, home.id, email, 'child');
    const response = await preview(token).expect(200);
    expect(response.body).toEqual({
      householdName: 'The Okafors',
      inviterName: 'Ngozi',
      email,
      role: 'child',
      expiresAt: expect.any(String),
    });
    // Looking is not accepting: the invite is still open.
    const [row] = (await inviteRows(testApp, home.id)).filter((item) => item.email === email);
    expect(row.accepted_at).toBeNull();
  });

  it('refuses unknown, revoked and used links with their own codes, and bad input', async () => {
    const unknown = await preview('not-a-real-token').expect(400);
    expect(unknown.body.code).toBe('INVITE_INVALID');
    for (const bad of [undefined, '', 42]) {
      expect((await preview(bad)).status).toBe(400);
    }

    const revokedEmail = uniqueEmail('revoked-preview');
    const revoked = await invitedToken(testApp, owner, home.id, revokedEmail);
    await request(testApp.server)
      .delete(`/api/v1/households/${home.id}/invites/${revoked.id}`)
      .set(owner.auth)
      .expect(204);
    expect((await preview(revoked.token).expect(410)).body.code).toBe('INVITE_REVOKED');

    const usedEmail = uniqueEmail('used-preview');
    const used = await invitedToken(testApp, owner, home.id, usedEmail);
    const joiner = await createUser(testApp, { verified: true, email: usedEmail });
    await accept(testApp, joiner, used.token).expect(200);
    expect((await preview(used.token).expect(409)).body.code).toBe('INVITE_USED');
  });
});
