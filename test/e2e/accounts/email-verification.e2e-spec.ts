import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { waitForMail } from '../../harness/mailbox';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser } from '../../factories/user.factory';

const VERIFY_SUBJECT = /confirm your email/i;
const tokenOf = (link: string): string => new URL(link).searchParams.get('token') ?? '';

describe('email verification', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const verify = (token: unknown) =>
    request(testApp.server).post('/api/v1/auth/verify-email').send({ token });
  const resend = (headers: Record<string, string>) =>
    request(testApp.server).post('/api/v1/auth/verify-email/resend').set(headers);
  const me = (headers: Record<string, string>) =>
    request(testApp.server).get('/api/v1/me').set(headers);

  it('verifies the email with the mailed token (no session needed), once', async () => {
    const user = await createUser(testApp);
    const mail = await waitForMail(user.email, { subject: VERIFY_SUBJECT });
    const token = tokenOf(mail.links[0]);
    expect(mail.links[0]).toBe(`http://foyer.test/verify-email?token=${token}`);

    await verify(token).expect(204);
    expect((await me(user.auth).expect(200)).body.emailVerified).toBe(true);

    const reused = await verify(token).expect(410);
    expect(reused.body).toMatchObject({ statusCode: 410, code: 'TOKEN_USED' });
  });

  it('stores the token hashed', async () => {
    const user = await createUser(testApp);
    const mail = await waitForMail(user.email, { subject: VERIFY_SUBJECT });
    const token = tokenOf(mail.links[0]);
    const rows = await ownerQuery<{ token_hash: string }>(
      testApp.db,
      `SELECT token_hash FROM auth_tokens WHERE user_id = $1 AND purpose = 'verify_email'`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);
  });

  it('refuses an expired token with 410 TOKEN_EXPIRED and leaves the email unverified', async () => {
    const user = await createUser(testApp);
    const mail = await waitForMail(user.email, { subject: VERIFY_SUBJECT });
    await ownerQuery(
      testApp.db,
      `UPDATE auth_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1`,
      [user.id],
    );
    const response = await verify(tokenOf(mail.links[0])).expect(410);
    expect(response.body).toMatchObject({ statusCode: 410, code: 'TOKEN_EXPIRED' });
    expect((await me(user.auth).expect(200)).body.emailVerified).toBe(false);
  });

  it('gives tokens 48 hours', async () => {
    const user = await createUser(testApp);
    await waitForMail(user.email, { subject: VERIFY_SUBJECT });
    const [row] = await ownerQuery<{ hours: number }>(
      testApp.db,
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours
         FROM auth_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(row.hours).toBe(48);
  });

  it.each([['made-up-token'], ['A'.repeat(43)]])(
    'refuses the unknown token %p with 400 TOKEN_INVALID',
    async (token) => {
      const response = await verify(token).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'TOKEN_INVALID' });
    },
  );

  it.each([[''], [undefined], [12]])(
    'refuses the malformed token %p with 400 VALIDATION_FAILED',
    async (token) => {
      const response = await verify(token).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.fields).toHaveProperty('token');
    },
  );

  it('does not accept a password reset token', async () => {
    const user = await createUser(testApp);
    await request(testApp.server)
      .post('/api/v1/auth/password-reset')
      .send({ email: user.email })
      .expect(202);
    const mail = await waitForMail(user.email, { subject: /reset/i });
    const response = await verify(tokenOf(mail.links[0])).expect(400);
    expect(response.body.code).toBe('TOKEN_INVALID');
  });

  it('resends on request; the new link works and retires the older one', async () => {
    const user = await createUser(testApp);
    const first = await waitForMail(user.email, { subject: VERIFY_SUBJECT });
    await resend(user.auth).expect(202);
    const second = await waitForMail(user.email, { subject: VERIFY_SUBJECT, count: 2 });
    expect(tokenOf(second.links[0])).not.toBe(tokenOf(first.links[0]));

    await verify(tokenOf(second.links[0])).expect(204);
    const older = await verify(tokenOf(first.links[0])).expect(410);
    expect(older.body.code).toBe('TOKEN_USED');
  });

  it('refuses to resend for a verified email with 409 EMAIL_ALREADY_VERIFIED', async () => {
    const user = await createUser(testApp, { verified: true });
    const response = await resend(user.auth).expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'EMAIL_ALREADY_VERIFIED' });
  });

  it('resending needs a session', async () => {
    const response = await resend({}).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });
});
