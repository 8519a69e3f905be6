import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { mailFor, waitForMail } from '../../harness/mailbox';
import { createHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, strongPassword, uniqueEmail } from '../../factories/user.factory';

const ZERO_WIDTH_SPACE = '\u200b';
const RIGHT_TO_LEFT_OVERRIDE = '\u202e';

/**
 * An address with an invisible character looks like another and may be delivered to it: every
 * way in refuses one, and the address mailed is exactly the one stored.
 */
describe('look-alike email addresses', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const accountsLike = async (email: string) =>
    ownerQuery(testApp.db, 'SELECT email FROM users WHERE email LIKE $1', [`%${email}%`]);

  it('refuses a sign-up with a zero-width space or a bidi control: 400, no account, no mail', async () => {
    const email = uniqueEmail('mem');
    for (const lookalike of [
      `${email}${ZERO_WIDTH_SPACE}`,
      `${RIGHT_TO_LEFT_OVERRIDE}${email}`,
      email.replace('@', `${ZERO_WIDTH_SPACE}@`),
    ]) {
      const response = await request(testApp.server)
        .post('/api/v1/auth/signup')
        .send({ email: lookalike, password: strongPassword(), displayName: 'Mallory' });
      expect(response.status).toBe(400);
      expect(['INVALID_EMAIL', 'VALIDATION_FAILED']).toContain(response.body.code);
    }
    expect(await accountsLike(email)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await mailFor(email)).toHaveLength(0);
  });

  it('refuses one in sign-in, reset and invites alike', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const lookalike = `${owner.email}${ZERO_WIDTH_SPACE}`;
    const login = await request(testApp.server)
      .post('/api/v1/auth/login')
      .send({ email: lookalike, password: owner.password });
    expect(login.status).toBe(400);
    const reset = await request(testApp.server)
      .post('/api/v1/auth/password-reset')
      .send({ email: lookalike });
    expect(reset.status).toBe(400);
    const invite = await request(testApp.server)
      .post(`/api/v1/households/${home.id}/invites`)
      .set(owner.auth)
      .send({ email: `${uniqueEmail('guest')}${ZERO_WIDTH_SPACE}`, role: 'member' });
    expect(invite.status).toBe(400);
    expect(['INVALID_EMAIL', 'VALIDATION_FAILED']).toContain(invite.body.code);
  });

  it('stores the composed (NFC) form and mails exactly that address', async () => {
    const decomposed = `${Date.now().toString(36)}-jose\u0301@example.com`;
    const stored = decomposed.normalize('NFC');
    expect(stored).not.toBe(decomposed);
    const response = await request(testApp.server)
      .post('/api/v1/auth/signup')
      .send({ email: decomposed, password: strongPassword(), displayName: 'José' })
      .expect(201);
    expect(response.body.email).toBe(stored);
    const rows = await ownerQuery<{ email: string }>(
      testApp.db,
      'SELECT email FROM users WHERE id = $1',
      [response.body.id],
    );
    expect(rows[0].email).toBe(stored);
    const mail = await waitForMail(stored, { subject: /Confirm your email/ });
    expect(mail.to).toContain(stored);
  });
});
