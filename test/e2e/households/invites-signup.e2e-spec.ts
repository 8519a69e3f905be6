import request from 'supertest';
import {
  createHousehold,
  setHouseholdStatus,
  TestHousehold,
} from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import {
  createUser,
  signIn,
  strongPassword,
  TestUser,
  uniqueEmail,
} from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  auditRows,
  invite,
  inviteRows,
  invitedToken,
  limitSeats,
  mailedToken,
  memberRoles,
} from './membership-helpers';

function signup(
  testApp: TestApp,
  email: string,
  inviteToken?: string,
  password = strongPassword(),
) {
  return request(testApp.server)
    .post('/api/v1/auth/signup')
    .send({ email, password, displayName: 'Newcomer', ...(inviteToken ? { inviteToken } : {}) });
}

async function accountsWith(testApp: TestApp, email: string): Promise<number> {
  const [{ count }] = await ownerQuery<{ count: number }>(
    testApp.db,
    'SELECT count(*)::int AS count FROM users WHERE email = $1',
    [email.toLowerCase()],
  );
  return count;
}

describe('signing up through an invite link under FOYER_SIGNUP=invite', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let home: TestHousehold;

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP: 'invite' });
    // The instance's first account is always let in.
    owner = await createUser(testApp, { verified: true });
    home = await createHousehold(testApp, owner, { name: 'The Lindqvists' });
  });
  afterAll(() => testApp?.close());

  it('invite → mail → signup with the token: a verified account, member with the invited role', async () => {
    const email = uniqueEmail('newcomer');
    await invite(testApp, owner, home.id, { email, role: 'child' }).expect(201);
    const token = await mailedToken(email);
    const password = strongPassword();

    const created = await signup(testApp, email.toUpperCase(), token, password).expect(201);
    expect(created.body).toMatchObject({ email, emailVerified: true });
    const userId = created.body.id as string;

    const session = await signIn(testApp.server, email, password);
    const me = await request(testApp.server).get('/api/v1/me').set(session.auth).expect(200);
    expect(me.body.emailVerified).toBe(true);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ householdId: home.id, slug: home.slug, role: 'child' }),
    ]);
    expect((await memberRoles(testApp, home.id))[userId]).toBe('child');
    const [row] = (await inviteRows(testApp, home.id)).filter((item) => item.email === email);
    expect(row.accepted_by).toBe(userId);
    expect(await auditRows(testApp, home.id)).toContainEqual(
      expect.objectContaining({ action: 'member.joined', actor_user_id: userId, target: userId }),
    );

    // The link is spent: it neither admits another signup nor joins again.
    const again = await signup(testApp, uniqueEmail('late'), token).expect(403);
    expect(again.body.code).toBe('SIGNUP_INVITE_REQUIRED');
    const reuse = await request(testApp.server)
      .post('/api/v1/invites/accept')
      .set(session.auth)
      .send({ token })
      .expect(409);
    expect(reuse.body.code).toBe('INVITE_USED');
  });

  it('refuses the token with another email (403 SIGNUP_INVITE_REQUIRED): no account, invite still open', async () => {
    const email = uniqueEmail('invited');
    const { id, token } = await invitedToken(testApp, owner, home.id, email);
    const intruder = uniqueEmail('intruder');
    const response = await signup(testApp, intruder, token).expect(403);
    expect(response.body.code).toBe('SIGNUP_INVITE_REQUIRED');
    expect(await accountsWith(testApp, intruder)).toBe(0);
    const [row] = (await inviteRows(testApp, home.id)).filter((item) => item.id === id);
    expect(row.accepted_at).toBeNull();
    // The invited person can still use it.
    await signup(testApp, email, token).expect(201);
  });

  it('refuses revoked, expired, replaced and made-up tokens; no account is created', async () => {
    const revokedEmail = uniqueEmail('revoked');
    const revoked = await invitedToken(testApp, owner, home.id, revokedEmail);
    await request(testApp.server)
      .delete(`/api/v1/households/${home.id}/invites/${revoked.id}`)
      .set(owner.auth)
      .expect(204);

    const expiredEmail = uniqueEmail('expired');
    const expired = await invitedToken(testApp, owner, home.id, expiredEmail);
    await ownerQuery(
      testApp.db,
      `UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.id],
    );

    const resentEmail = uniqueEmail('resent');
    const resent = await invitedToken(testApp, owner, home.id, resentEmail);
    await request(testApp.server)
      .post(`/api/v1/households/${home.id}/invites/${resent.id}/resend`)
      .set(owner.auth)
      .expect(200);
    const newToken = await mailedToken(resentEmail, 2);

    for (const [email, token] of [
      [revokedEmail, revoked.token],
      [expiredEmail, expired.token],
      [resentEmail, resent.token],
      [uniqueEmail('madeup'), 'A'.repeat(43)],
    ]) {
      const response = await signup(testApp, email, token).expect(403);
      expect(response.body.code).toBe('SIGNUP_INVITE_REQUIRED');
      expect(await accountsWith(testApp, email)).toBe(0);
    }
    await signup(testApp, resentEmail, newToken).expect(201);
  });

  it('leaves no account when the invite cannot be redeemed (409 SEAT_LIMIT)', async () => {
    const house = await createHousehold(testApp, owner);
    const email = uniqueEmail('noseat');
    const { id, token } = await invitedToken(testApp, owner, house.id, email);
    const undo = limitSeats(testApp, house.id, 1);
    try {
      const response = await signup(testApp, email, token).expect(409);
      expect(response.body.code).toBe('SEAT_LIMIT');
    } finally {
      undo();
    }
    expect(await accountsWith(testApp, email)).toBe(0);
    const [row] = await inviteRows(testApp, house.id);
    expect(row).toMatchObject({ id, accepted_at: null });
    expect(Object.keys(await memberRoles(testApp, house.id))).toEqual([owner.id]);
  });

  it('leaves no account when the household became read-only (409 HOUSEHOLD_READ_ONLY)', async () => {
    const house = await createHousehold(testApp, owner);
    const email = uniqueEmail('frozen');
    const { token } = await invitedToken(testApp, owner, house.id, email);
    await setHouseholdStatus(testApp, house, 'pending_deletion');
    const response = await signup(testApp, email, token).expect(409);
    expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
    expect(await accountsWith(testApp, email)).toBe(0);
  });

  it('of two concurrent signups with one invite, exactly one account joins', async () => {
    const email = uniqueEmail('twin');
    const { token } = await invitedToken(testApp, owner, home.id, email);
    const responses = await Promise.all([
      signup(testApp, email, token),
      signup(testApp, email, token),
    ]);
    const [won, lost] = [...responses].sort((a, b) => a.status - b.status);
    expect(won.status).toBe(201);
    // Depending on the interleaving, the loser finds the account (answered as a new one, which
    // tells nothing) or the spent invite first.
    if (lost.status !== 201) expect(lost.body.code).toBe('SIGNUP_INVITE_REQUIRED');
    expect(await accountsWith(testApp, email)).toBe(1);
    const joined = (await inviteRows(testApp, home.id)).filter((row) => row.email === email);
    expect(joined[0].accepted_at).not.toBeNull();
  });
});

// One app at a time: passport's strategies are process-wide, so two live apps would mix up logins.
describe('signing up with an invite under FOYER_SIGNUP=open', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP: 'open' });
  });
  afterAll(() => testApp?.close());

  it('the link verifies the email and joins; a stale token is ignored (ordinary signup)', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const email = uniqueEmail('open');
    const { token } = await invitedToken(testApp, owner, home.id, email, 'admin');
    const created = await signup(testApp, email, token).expect(201);
    expect(created.body.emailVerified).toBe(true);
    expect((await memberRoles(testApp, home.id))[created.body.id]).toBe('admin');

    const other = uniqueEmail('stale');
    const ordinary = await signup(testApp, other, token).expect(201);
    expect(ordinary.body.emailVerified).toBe(false);
    expect((await memberRoles(testApp, home.id))[ordinary.body.id]).toBeUndefined();
  });
});

describe('signing up with an invite under FOYER_SIGNUP=closed', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP: 'closed' });
  });
  afterAll(() => testApp?.close());

  it('an invite does not open a closed instance', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const email = uniqueEmail('closed');
    const { id, token } = await invitedToken(testApp, owner, home.id, email);
    const response = await signup(testApp, email, token).expect(403);
    expect(response.body.code).toBe('SIGNUP_CLOSED');
    expect(await accountsWith(testApp, email)).toBe(0);
    const [row] = (await inviteRows(testApp, home.id)).filter((item) => item.id === id);
    expect(row.accepted_at).toBeNull();
  });
});
