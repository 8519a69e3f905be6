import { createHash } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, strongPassword, uniqueEmail } from '../../factories/user.factory';

function sessionCookieOf(response: request.Response): string {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((value) => value.startsWith('foyer_session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return cookie;
}

describe('POST /api/v1/auth/login', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const login = (body: Record<string, unknown>) =>
    request(testApp.server).post('/api/v1/auth/login').send(body);

  it('answers 200 {accessToken} and sets an httpOnly, SameSite=Lax session cookie for the whole site', async () => {
    const email = uniqueEmail('login');
    const password = strongPassword();
    await request(testApp.server)
      .post('/api/v1/auth/signup')
      .send({ email, password, displayName: 'L' })
      .expect(201);

    const response = await login({ email, password }).expect(200);
    expect(Object.keys(response.body)).toEqual(['accessToken']);
    expect(response.body.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = sessionCookieOf(response);
    expect(cookie).toContain(`foyer_session=${response.body.accessToken}`);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).toMatch(/;\s*Expires=/i);
    // The public URL is plain http here; behind HTTPS the cookie is Secure (see below).
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it('stores the session token only as its SHA-256', async () => {
    const user = await createUser(testApp);
    const rows = await ownerQuery<{ token_hash: string }>(
      testApp.db,
      'SELECT token_hash FROM sessions WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toEqual([
      { token_hash: createHash('sha256').update(user.accessToken).digest('hex') },
    ]);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const user = await createUser(testApp);
    await login({ email: ` ${user.email.toUpperCase()} `, password: user.password }).expect(200);
  });

  it('lets an unverified account sign in, and says it is unverified', async () => {
    const user = await createUser(testApp, { verified: false });
    const me = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(me.body.emailVerified).toBe(false);
  });

  it('answers a wrong password and an unknown email the same way: 401 INVALID_CREDENTIALS', async () => {
    const user = await createUser(testApp);
    const wrongPassword = await login({ email: user.email, password: `${user.password}x` }).expect(
      401,
    );
    const unknownEmail = await login({
      email: uniqueEmail('nobody'),
      password: user.password,
    }).expect(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrongPassword.body)).toEqual(strip(unknownEmail.body));
    expect(wrongPassword.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    expect(wrongPassword.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an account password that is an app password', async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await request(testApp.server)
      .post('/api/v1/me/app-passwords')
      .set(user.auth)
      .send({ label: 'Phone' })
      .expect(201);
    const response = await login({ email: user.email, password: created.body.password }).expect(
      401,
    );
    expect(response.body.code).toBe('INVALID_CREDENTIALS');
  });

  it.each([
    [{}, ['email', 'password']],
    [{ email: 'ada@example.com' }, ['password']],
    [{ email: 42, password: 'something-long' }, ['email']],
    [{ email: 'ada@example.com', password: 'x', remember: true }, ['remember']],
  ])('validates the body %p first: 400 VALIDATION_FAILED naming %p', async (body, fields) => {
    const response = await login(body).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.fields).sort()).toEqual(fields);
  });
});

describe('authentication of requests', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  it('accepts the bearer token', async () => {
    const user = await createUser(testApp);
    const me = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(me.body.id).toBe(user.id);
  });

  it('accepts the session cookie', async () => {
    const user = await createUser(testApp);
    const me = await request(testApp.server)
      .get('/api/v1/me')
      .set('Cookie', user.cookie)
      .expect(200);
    expect(me.body.id).toBe(user.id);
  });

  it.each([
    ['no credentials', {}],
    [
      'an unknown bearer token',
      { Authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    ],
    ['a malformed Authorization header', { Authorization: 'Bearer' }],
    [
      'HTTP Basic',
      { Authorization: `Basic ${Buffer.from('a@example.com:secret').toString('base64')}` },
    ],
    ['an unknown cookie', { Cookie: 'foyer_session=nope' }],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, headers: Record<string, string>) => {
    const response = await request(testApp.server).get('/api/v1/me').set(headers).expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses an expired session', async () => {
    const user = await createUser(testApp);
    await ownerQuery(
      testApp.db,
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const response = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('gives sessions the configured lifetime', async () => {
    const user = await createUser(testApp);
    const [row] = await ownerQuery<{ days: number }>(
      testApp.db,
      `SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days
         FROM sessions WHERE user_id = $1`,
      [user.id],
    );
    expect(row.days).toBe(testApp.config.sessionTtlDays);
  });
});

describe('behind HTTPS', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_PUBLIC_URL: 'https://foyer.test' });
  });
  afterAll(() => testApp?.close());

  it('marks the session cookie Secure', async () => {
    const email = uniqueEmail('secure');
    const password = strongPassword();
    await request(testApp.server)
      .post('/api/v1/auth/signup')
      .send({ email, password, displayName: 'S' })
      .expect(201);
    const response = await request(testApp.server)
      .post('/api/v1/auth/login')
      .send({ email, password })
      .expect(200);
    expect(sessionCookieOf(response)).toMatch(/;\s*Secure/i);
  });
});
