import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { mailFor, waitForMail } from '../../harness/mailbox';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, signIn, uniqueEmail } from '../../factories/user.factory';

const RESET_SUBJECT = /reset your foyer password/i;
const tokenOf = (link: string): string => new URL(link).searchParams.get('token') ?? '';

describe('password reset', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const ask = (email: unknown) =>
    request(testApp.server).post('/api/v1/auth/password-reset').send({ email });
  const confirm = (token: unknown, password: unknown) =>
    request(testApp.server).post('/api/v1/auth/password-reset/confirm').send({ token, password });
  const login = (email: string, password: string) =>
    request(testApp.server).post('/api/v1/auth/login').send({ email, password });

  async function resetToken(email: string, count = 1): Promise<string> {
    const mail = await waitForMail(email, { subject: RESET_SUBJECT, count });
    expect(mail.links).toHaveLength(1);
    expect(mail.links[0]).toMatch(
      /^http:\/\/foyer\.test\/reset-password\?token=[A-Za-z0-9_-]{43}$/,
    );
    return tokenOf(mail.links[0]);
  }

  it('answers 202 with no body, whether the account exists or not', async () => {
    const user = await createUser(testApp);
    const known = await ask(user.email.toUpperCase()).expect(202);
    const unknown = await ask(uniqueEmail('nobody')).expect(202);
    expect(known.text).toBe('');
    expect(unknown.text).toBe('');
    await resetToken(user.email);
  });

  it('sends nothing for an email without an account', async () => {
    const email = uniqueEmail('ghost');
    await ask(email).expect(202);
    // A mail for an existing account arrives within a second; give this one the same chance.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailFor(email)).toHaveLength(0);
  });

  it('refuses a malformed email with 400 VALIDATION_FAILED', async () => {
    const response = await ask('not an email').expect(400);
    expect(response.body.fields).toHaveProperty('email');
  });

  it('sets the new password, signs out everywhere, verifies the email, and works once', async () => {
    const user = await createUser(testApp);
    const otherDevice = await signIn(testApp.server, user.email, user.password);
    await ask(user.email).expect(202);
    const token = await resetToken(user.email);
    const newPassword = 'fresh-start-by-the-fire';

    await confirm(token, newPassword).expect(204);

    for (const session of [user, otherDevice]) {
      const response = await request(testApp.server)
        .get('/api/v1/me')
        .set(session.auth)
        .expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    }
    await login(user.email, user.password).expect(401);
    const signedIn = await login(user.email, newPassword).expect(200);
    const me = await request(testApp.server)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${signedIn.body.accessToken}`)
      .expect(200);
    expect(me.body.emailVerified).toBe(true);

    const reused = await confirm(token, 'and-yet-another-one').expect(410);
    expect(reused.body).toMatchObject({ statusCode: 410, code: 'TOKEN_USED' });
    await login(user.email, newPassword).expect(200);
  });

  it('gives tokens one hour and refuses an expired one with 410 TOKEN_EXPIRED', async () => {
    const user = await createUser(testApp);
    await ask(user.email).expect(202);
    const token = await resetToken(user.email);
    const [row] = await ownerQuery<{ minutes: number }>(
      testApp.db,
      `SELECT round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes
         FROM auth_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
      [user.id],
    );
    expect(row.minutes).toBe(60);

    await ownerQuery(
      testApp.db,
      `UPDATE auth_tokens SET expires_at = now() - interval '1 second'
        WHERE user_id = $1 AND purpose = 'password_reset'`,
      [user.id],
    );
    const response = await confirm(token, 'too-late-for-this-one').expect(410);
    expect(response.body).toMatchObject({ statusCode: 410, code: 'TOKEN_EXPIRED' });
    await login(user.email, user.password).expect(200);
  });

  it.each([
    ['short-one', 'PASSWORD_TOO_SHORT'],
    ['Manchester', 'PASSWORD_TOO_COMMON'],
  ])('refuses the new password %p (%s) without using up the token', async (password, code) => {
    const user = await createUser(testApp);
    await ask(user.email).expect(202);
    const token = await resetToken(user.email);
    const refused = await confirm(token, password).expect(400);
    expect(refused.body.code).toBe(code);
    await confirm(token, 'a-better-password-now').expect(204);
  });

  it('refuses an unknown token with 400 TOKEN_INVALID, and a verification token too', async () => {
    const unknown = await confirm('nope-not-a-token', 'whatever-password-1').expect(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'TOKEN_INVALID' });

    const user = await createUser(testApp);
    const verification = await waitForMail(user.email, { subject: /confirm your email/i });
    const wrongPurpose = await confirm(
      tokenOf(verification.links[0]),
      'whatever-password-1',
    ).expect(400);
    expect(wrongPurpose.body.code).toBe('TOKEN_INVALID');
  });

  it('retires the older links once one is used', async () => {
    const user = await createUser(testApp);
    await ask(user.email).expect(202);
    const first = await resetToken(user.email, 1);
    await ask(user.email).expect(202);
    const second = await resetToken(user.email, 2);
    expect(second).not.toBe(first);
    await confirm(second, 'second-link-wins-here').expect(204);
    const older = await confirm(first, 'first-link-is-retired').expect(410);
    expect(older.body.code).toBe('TOKEN_USED');
  });

  it('names missing fields', async () => {
    const response = await request(testApp.server)
      .post('/api/v1/auth/password-reset/confirm')
      .send({})
      .expect(400);
    expect(Object.keys(response.body.fields).sort()).toEqual(['password', 'token']);
  });
});
