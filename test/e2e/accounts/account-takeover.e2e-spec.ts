import request from 'supertest';
import { AppPasswordAuthenticator } from '@foyer/accounts';
import { createTestApp, TestApp } from '../../harness/test-app';
import { waitForMail } from '../../harness/mailbox';
import { createUser, signIn, strongPassword, TestUser } from '../../factories/user.factory';

/**
 * An account squatted before its owner verifies it (open sign-up) must not keep any way in once
 * the owner takes it back: no credential that outlives a reset, nothing that joins a household.
 */
describe('account takeover by the owner of the address', () => {
  let testApp: TestApp;
  let authenticator: AppPasswordAuthenticator;

  beforeAll(async () => {
    testApp = await createTestApp();
    authenticator = testApp.app.get(AppPasswordAuthenticator, { strict: false });
  });
  afterAll(() => testApp?.close());

  const createAppPassword = (user: TestUser) =>
    request(testApp.server)
      .post('/api/v1/me/app-passwords')
      .set(user.auth)
      .send({ label: 'Laptop' });
  const me = (user: { auth: Record<string, string> }) =>
    request(testApp.server).get('/api/v1/me').set(user.auth);

  async function resetPassword(email: string, count = 1): Promise<string> {
    await request(testApp.server).post('/api/v1/auth/password-reset').send({ email }).expect(202);
    const mail = await waitForMail(email, { subject: /reset your foyer password/i, count });
    const token = new URL(mail.links[0]).searchParams.get('token');
    const password = strongPassword();
    await request(testApp.server)
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, password })
      .expect(204);
    return password;
  }

  it('gives an unverified account no app password (403 EMAIL_NOT_VERIFIED)', async () => {
    const squatter = await createUser(testApp, { displayName: 'Not the owner' });
    const response = await createAppPassword(squatter).expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'EMAIL_NOT_VERIFIED' });
    const listed = await request(testApp.server)
      .get('/api/v1/me/app-passwords')
      .set(squatter.auth)
      .expect(200);
    expect(listed.body).toEqual([]);
  });

  it("the owner's reset ends every session, and the squatter's name with the first verification", async () => {
    const squatter = await createUser(testApp, { displayName: 'Not the owner' });
    const password = await resetPassword(squatter.email);
    await me(squatter).expect(401);
    const owner = await signIn(testApp.server, squatter.email, password);
    const profile = await me(owner).expect(200);
    expect(profile.body).toMatchObject({ emailVerified: true });
    expect(profile.body.displayName).toBe(squatter.email.split('@')[0]);
  });

  it('a later reset of a verified account keeps the name it chose', async () => {
    const user = await createUser(testApp, { verified: true, displayName: 'Ada Martin' });
    const password = await resetPassword(user.email);
    const session = await signIn(testApp.server, user.email, password);
    const profile = await me(session);
    expect(profile.body.displayName).toBe('Ada Martin');
  });

  it('a password reset ends every app password', async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await createAppPassword(user).expect(201);
    expect(await authenticator.authenticate(user.email, created.body.password)).not.toBeNull();
    await resetPassword(user.email);
    expect(await authenticator.authenticate(user.email, created.body.password)).toBeNull();
  });

  it('a password change ends every app password, and keeps the session that made it', async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await createAppPassword(user).expect(201);
    await request(testApp.server)
      .post('/api/v1/me/password')
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: strongPassword() })
      .expect(204);
    expect(await authenticator.authenticate(user.email, created.body.password)).toBeNull();
    await me(user).expect(200);
  });

  it('signing out everywhere ends every app password and session', async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await createAppPassword(user).expect(201);
    const other = await signIn(testApp.server, user.email, user.password);
    await request(testApp.server).post('/api/v1/auth/logout-everywhere').set(user.auth).expect(204);
    expect(await authenticator.authenticate(user.email, created.body.password)).toBeNull();
    await me(user).expect(401);
    await me(other).expect(401);
  });
});
