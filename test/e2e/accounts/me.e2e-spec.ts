import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createUser, signIn } from '../../factories/user.factory';

describe('GET /api/v1/me', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  it('shows the account, explicitly mapped, with its (for now empty) memberships', async () => {
    const user = await createUser(testApp, { displayName: 'Grace' });
    const response = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(response.body).toEqual({
      id: user.id,
      email: user.email,
      displayName: 'Grace',
      emailVerified: false,
      language: 'en',
      pendingEmail: null,
      isInstanceAdmin: expect.any(Boolean),
      memberships: [],
    });
  });

  it('shows a verified account as verified', async () => {
    const user = await createUser(testApp, { verified: true });
    const response = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(response.body.emailVerified).toBe(true);
  });

  it('needs a session', async () => {
    const response = await request(testApp.server).get('/api/v1/me').expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });
});

describe('POST /api/v1/me/password', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const change = (headers: Record<string, string>, body: Record<string, unknown>) =>
    request(testApp.server).post('/api/v1/me/password').set(headers).send(body);
  const login = (email: string, password: string) =>
    request(testApp.server).post('/api/v1/auth/login').send({ email, password });

  it('changes the password, keeps this session and revokes the other ones', async () => {
    const user = await createUser(testApp);
    const otherDevice = await signIn(testApp.server, user.email, user.password);
    const newPassword = 'a-brand-new-hearth-42';

    await change(user.auth, { currentPassword: user.password, newPassword }).expect(204);

    await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    const revoked = await request(testApp.server)
      .get('/api/v1/me')
      .set(otherDevice.auth)
      .expect(401);
    expect(revoked.body.code).toBe('UNAUTHENTICATED');
    await login(user.email, user.password).expect(401);
    await login(user.email, newPassword).expect(200);
  });

  it('refuses a wrong current password with 403 CURRENT_PASSWORD_INCORRECT and changes nothing', async () => {
    const user = await createUser(testApp);
    const otherDevice = await signIn(testApp.server, user.email, user.password);
    const response = await change(user.auth, {
      currentPassword: 'not-the-password',
      newPassword: 'another-fine-password',
    }).expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'CURRENT_PASSWORD_INCORRECT' });
    await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    await request(testApp.server).get('/api/v1/me').set(otherDevice.auth).expect(200);
    await login(user.email, user.password).expect(200);
  });

  it.each([
    ['short-pw', 'PASSWORD_TOO_SHORT'],
    ['iloveyou12', 'PASSWORD_TOO_COMMON'],
    ['y'.repeat(1025), 'PASSWORD_TOO_LONG'],
  ])('applies the password policy to the new password (%p → %s)', async (newPassword, code) => {
    const user = await createUser(testApp);
    const response = await change(user.auth, {
      currentPassword: user.password,
      newPassword,
    }).expect(400);
    expect(response.body.code).toBe(code);
    await login(user.email, user.password).expect(200);
  });

  it('names missing fields', async () => {
    const user = await createUser(testApp);
    const response = await change(user.auth, {}).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.fields).sort()).toEqual(['currentPassword', 'newPassword']);
  });

  it('needs a session', async () => {
    const response = await change(
      {},
      { currentPassword: 'whatever-1234', newPassword: 'whatever-5678' },
    ).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });
});
