import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createUser, signIn } from '../../factories/user.factory';

const cookiesOf = (response: request.Response): string[] =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []);

describe('sessions: logout and sign out everywhere', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const me = (headers: Record<string, string>) =>
    request(testApp.server).get('/api/v1/me').set(headers);

  it('logout revokes the current session (bearer and cookie alike) and clears the cookie', async () => {
    const user = await createUser(testApp);
    const response = await request(testApp.server)
      .post('/api/v1/auth/logout')
      .set(user.auth)
      .expect(204);
    const cleared = cookiesOf(response).find((cookie) => cookie.startsWith('foyer_session='));
    expect(cleared).toBeDefined();
    expect(cleared).toMatch(/^foyer_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);

    const afterBearer = await me(user.auth).expect(401);
    expect(afterBearer.body.code).toBe('UNAUTHENTICATED');
    await me({ Cookie: user.cookie }).expect(401);
  });

  it("logout by cookie works too, and leaves the user's other sessions alone", async () => {
    const user = await createUser(testApp);
    const other = await signIn(testApp.server, user.email, user.password);
    await request(testApp.server)
      .post('/api/v1/auth/logout')
      .set('Cookie', user.cookie)
      .set('Origin', 'http://foyer.test')
      .expect(204);
    await me(user.auth).expect(401);
    await me(other.auth).expect(200);
  });

  it('logout needs a session: 401 without one, and a second logout is 401', async () => {
    const anonymous = await request(testApp.server).post('/api/v1/auth/logout').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const user = await createUser(testApp);
    await request(testApp.server).post('/api/v1/auth/logout').set(user.auth).expect(204);
    await request(testApp.server).post('/api/v1/auth/logout').set(user.auth).expect(401);
  });

  it("logout-everywhere revokes every session of the user, and no one else's", async () => {
    const user = await createUser(testApp);
    const laptop = await signIn(testApp.server, user.email, user.password);
    const phone = await signIn(testApp.server, user.email, user.password);
    const neighbour = await createUser(testApp);

    const response = await request(testApp.server)
      .post('/api/v1/auth/logout-everywhere')
      .set(laptop.auth)
      .expect(204);
    expect(cookiesOf(response).some((cookie) => /^foyer_session=;/.test(cookie))).toBe(true);

    for (const session of [user, laptop, phone]) await me(session.auth).expect(401);
    await me(neighbour.auth).expect(200);

    // Signing in again works as usual.
    const fresh = await signIn(testApp.server, user.email, user.password);
    await me(fresh.auth).expect(200);
  });

  it('logout-everywhere needs a session', async () => {
    const response = await request(testApp.server)
      .post('/api/v1/auth/logout-everywhere')
      .expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });
});
