import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ownerQuery } from '../../factories/owner-sql';
import { strongPassword, uniqueEmail } from '../../factories/user.factory';

const signup = (testApp: TestApp, extra: Record<string, unknown> = {}) =>
  request(testApp.server)
    .post('/api/v1/auth/signup')
    .send({
      email: uniqueEmail('policy'),
      password: strongPassword(),
      displayName: 'Policy',
      ...extra,
    });

describe('FOYER_SIGNUP=closed', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP: 'closed' });
  });
  afterAll(() => testApp?.close());

  it('still lets the first account in, then refuses others with 403 SIGNUP_CLOSED', async () => {
    const first = await signup(testApp).expect(201);
    expect(first.body.id).toBeDefined();
    const second = await signup(testApp).expect(403);
    expect(second.body).toMatchObject({ statusCode: 403, code: 'SIGNUP_CLOSED' });
  });

  it('refuses before looking at the email, so it does not tell taken emails apart', async () => {
    const response = await signup(testApp, { password: 'short' }).expect(403);
    expect(response.body.code).toBe('SIGNUP_CLOSED');
  });
});

describe('FOYER_SIGNUP=invite', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP: 'invite' });
  });
  afterAll(() => testApp?.close());

  it('lets the first account in, then needs an invite (403 SIGNUP_INVITE_REQUIRED)', async () => {
    await signup(testApp).expect(201);
    const withoutInvite = await signup(testApp).expect(403);
    expect(withoutInvite.body).toMatchObject({ statusCode: 403, code: 'SIGNUP_INVITE_REQUIRED' });
    // No invites exist until the households library issues them: any token is refused.
    const withBogusInvite = await signup(testApp, { inviteToken: 'not-a-real-invite' }).expect(403);
    expect(withBogusInvite.body.code).toBe('SIGNUP_INVITE_REQUIRED');
  });
});

describe('FOYER_SIGNUP=open', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP: 'open' });
  });
  afterAll(() => testApp?.close());

  it('lets anyone sign up; of concurrent first signups exactly one becomes administrator', async () => {
    const responses = await Promise.all([1, 2, 3, 4].map(() => signup(testApp)));
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const admins = await ownerQuery(testApp.db, 'SELECT id FROM users WHERE is_instance_admin');
    expect(admins).toHaveLength(1);
    expect(responses.map((response) => response.body.id)).toContain(admins[0].id);
    await signup(testApp).expect(201);
  });
});
