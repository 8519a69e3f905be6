import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createUser, uniqueEmail } from '../../factories/user.factory';

const WINDOW_SECONDS = 600;

function expectRateLimited(response: request.Response): void {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('login rate limit per account', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      FOYER_LOGIN_LIMIT_PER_ACCOUNT: '3',
      FOYER_LOGIN_LIMIT_PER_IP: '1000',
      FOYER_LOGIN_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });
  afterAll(() => testApp?.close());

  const login = (email: string, password: string) =>
    request(testApp.server).post('/api/v1/auth/login').send({ email, password });

  it('refuses the attempt after the limit with 429 RATE_LIMITED and Retry-After, even with the right password', async () => {
    const user = await createUser(testApp);
    for (let attempt = 0; attempt < 3; attempt++)
      await login(user.email, 'wrong-password-123').expect(401);
    expectRateLimited(await login(user.email, user.password));
    expectRateLimited(await login(user.email.toUpperCase(), 'wrong-password-123'));
  });

  it('limits unknown emails the same way (the limit reveals nothing)', async () => {
    const email = uniqueEmail('ghost');
    for (let attempt = 0; attempt < 3; attempt++)
      await login(email, 'wrong-password-123').expect(401);
    expectRateLimited(await login(email, 'wrong-password-123'));
  });

  it('does not count successful logins, and a success starts the account afresh', async () => {
    const user = await createUser(testApp);
    for (let attempt = 0; attempt < 5; attempt++)
      await login(user.email, user.password).expect(200);
    await login(user.email, 'wrong-password-123').expect(401);
    await login(user.email, 'wrong-password-123').expect(401);
    await login(user.email, user.password).expect(200);
    for (let attempt = 0; attempt < 3; attempt++)
      await login(user.email, 'wrong-password-123').expect(401);
    expectRateLimited(await login(user.email, user.password));
  });

  it('is per account: another account is not affected', async () => {
    const victim = await createUser(testApp);
    const bystander = await createUser(testApp);
    for (let attempt = 0; attempt < 4; attempt++) await login(victim.email, 'wrong-password-123');
    await login(bystander.email, bystander.password).expect(200);
  });

  it('holds under concurrent attempts', async () => {
    const user = await createUser(testApp);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => login(user.email, 'wrong-password-123')),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('counts wrong current passwords of a password change against the account', async () => {
    const user = await createUser(testApp);
    const change = (currentPassword: string) =>
      request(testApp.server)
        .post('/api/v1/me/password')
        .set(user.auth)
        .send({ currentPassword, newPassword: 'a-new-and-fine-password' });
    for (let attempt = 0; attempt < 3; attempt++) await change('not-my-password').expect(403);
    expectRateLimited(await change(user.password));
    expectRateLimited(await login(user.email, user.password));
  });
});

describe('login rate limit per IP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      FOYER_LOGIN_LIMIT_PER_ACCOUNT: '100',
      FOYER_LOGIN_LIMIT_PER_IP: '4',
      FOYER_LOGIN_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });
  afterAll(() => testApp?.close());

  it('refuses a client that tries many accounts, whatever the account', async () => {
    const user = await createUser(testApp);
    // Successful logins do not use up the budget.
    for (let attempt = 0; attempt < 6; attempt++) {
      await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
    }
    for (let attempt = 0; attempt < 4; attempt++) {
      await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail('spray'), password: 'wrong-password-123' })
        .expect(401);
    }
    expectRateLimited(
      await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail('spray'), password: 'x' }),
    );
    expectRateLimited(
      await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password }),
    );
  });
});
