import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { mailFor, waitForMail } from '../../harness/mailbox';
import { ownerQuery } from '../../factories/owner-sql';
import { signIn, strongPassword, uniqueEmail } from '../../factories/user.factory';

describe('POST /api/v1/auth/signup', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const signup = (body: Record<string, unknown>) =>
    request(testApp.server).post('/api/v1/auth/signup').send(body);

  it('makes the first account of the instance its administrator, and no later one', async () => {
    const first = { email: uniqueEmail('first'), password: strongPassword(), displayName: 'First' };
    const created = await signup(first).expect(201);
    const second = {
      email: uniqueEmail('second'),
      password: strongPassword(),
      displayName: 'Second',
    };
    await signup(second).expect(201);

    const firstSession = await signIn(testApp.server, first.email, first.password);
    const me = await request(testApp.server).get('/api/v1/me').set(firstSession.auth).expect(200);
    expect(me.body).toMatchObject({ id: created.body.id, isInstanceAdmin: true });
    // Hosted mode: even the first account verifies its email by the link.
    expect(me.body.emailVerified).toBe(false);

    const secondSession = await signIn(testApp.server, second.email, second.password);
    const secondMe = await request(testApp.server)
      .get('/api/v1/me')
      .set(secondSession.auth)
      .expect(200);
    expect(secondMe.body.isInstanceAdmin).toBe(false);
  });

  it('answers 201 with exactly {id, email, displayName, emailVerified}, email lower-cased', async () => {
    const email = uniqueEmail('Mixed.Case').replace('mixed.case', 'Mixed.Case');
    const response = await signup({
      email: `  ${email} `,
      password: strongPassword(),
      displayName: ' Ada ',
    }).expect(201);
    expect(Object.keys(response.body).sort()).toEqual([
      'displayName',
      'email',
      'emailVerified',
      'id',
    ]);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: email.toLowerCase(),
      displayName: 'Ada',
      emailVerified: false,
    });
  });

  it('stores an argon2id hash, never the password', async () => {
    const email = uniqueEmail('hash');
    const password = strongPassword();
    const response = await signup({ email, password, displayName: 'Hash' }).expect(201);
    const [row] = await ownerQuery<{ password_hash: string }>(
      testApp.db,
      'SELECT password_hash FROM users WHERE id = $1',
      [response.body.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
  });

  it('mails a verification link on its own line', async () => {
    const email = uniqueEmail('mail');
    await signup({ email, password: strongPassword(), displayName: 'Mail' }).expect(201);
    const mail = await waitForMail(email, { subject: /confirm/i });
    expect(mail.links).toHaveLength(1);
    expect(mail.links[0]).toMatch(/^http:\/\/foyer\.test\/verify-email\?token=[A-Za-z0-9_-]{43}$/);
    expect(mail.text.split('\n').map((line) => line.trim())).toContain(mail.links[0]);
  });

  it('answers a taken email, whatever its case, as a new one, and mails its owner instead', async () => {
    const email = uniqueEmail('taken');
    const first = await signup({ email, password: strongPassword(), displayName: 'One' });
    expect(first.status).toBe(201);
    for (const again of [email, email.toUpperCase(), ` ${email.replace(/^t/, 'T')} `]) {
      const response = await signup({
        email: again,
        password: strongPassword(),
        displayName: 'Two',
      }).expect(201);
      expect(Object.keys(response.body).sort()).toEqual(Object.keys(first.body).sort());
      expect(response.body).toMatchObject({ email, displayName: 'Two', emailVerified: false });
      expect(response.body.id).not.toBe(first.body.id);
    }
    const [{ count }] = await ownerQuery<{ count: string }>(
      testApp.db,
      'SELECT count(*) FROM users WHERE email = $1',
      [email],
    );
    expect(Number(count)).toBe(1);
    // One mail for the three attempts, to the owner, saying what happened.
    const mail = await waitForMail(email, { subject: /tried to create a Foyer account/ });
    expect(mail.text).toMatch(/sign in, or reset your password/);
    expect(mail.links).toEqual(['http://foyer.test/sign-in', 'http://foyer.test/forgot-password']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailFor(email)).toHaveLength(2);
  });

  it('limits sign-ups per IP: 429 RATE_LIMITED with Retry-After, counted whatever the outcome', async () => {
    const limited = await createTestApp({ FOYER_SIGNUP_LIMIT_PER_IP: '3' });
    try {
      const attempt = (email: string, password = strongPassword()) =>
        request(limited.server)
          .post('/api/v1/auth/signup')
          .send({ email, password, displayName: 'Ada' });
      const taken = uniqueEmail('limit');
      await attempt(taken).expect(201);
      await attempt(taken).expect(201);
      await attempt(uniqueEmail('limit'), 'password123').expect(400);
      const refused = await attempt(uniqueEmail('limit')).expect(429);
      expect(refused.body).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it.each([['not-an-email'], ['ada@'], ['@example.com'], ['ada example@example.com'], [''], [42]])(
    'refuses the malformed email %p with 400 VALIDATION_FAILED naming the field',
    async (email) => {
      const response = await signup({
        email,
        password: strongPassword(),
        displayName: 'Bad',
      }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.fields).toHaveProperty('email');
    },
  );

  it('names every missing or unexpected field', async () => {
    const response = await signup({ email: uniqueEmail(), isInstanceAdmin: true }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.fields).sort()).toEqual([
      'displayName',
      'isInstanceAdmin',
      'password',
    ]);
  });

  it('refuses a blank display name', async () => {
    const response = await signup({
      email: uniqueEmail(),
      password: strongPassword(),
      displayName: '   ',
    }).expect(400);
    expect(response.body.fields).toHaveProperty('displayName');
  });

  it.each([['short'], ['nine-char'], ['ééééééééé']])(
    'refuses the short password %p with 400 PASSWORD_TOO_SHORT',
    async (password) => {
      const response = await signup({
        email: uniqueEmail(),
        password,
        displayName: 'Short',
      }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'PASSWORD_TOO_SHORT' });
    },
  );

  it('accepts a password of exactly ten characters', async () => {
    await signup({ email: uniqueEmail(), password: 'kx7#Qm2!vz', displayName: 'Ten' }).expect(201);
  });

  it.each([['qwertyuiop'], ['1234567890'], ['Password123'], ['BASKETBALL']])(
    'refuses the common password %p with 400 PASSWORD_TOO_COMMON',
    async (password) => {
      const response = await signup({
        email: uniqueEmail(),
        password,
        displayName: 'Common',
      }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'PASSWORD_TOO_COMMON' });
    },
  );

  it('refuses a password over 1024 characters with 400 PASSWORD_TOO_LONG', async () => {
    const response = await signup({
      email: uniqueEmail(),
      password: 'x'.repeat(1025),
      displayName: 'Long',
    }).expect(400);
    expect(response.body.code).toBe('PASSWORD_TOO_LONG');
  });

  it('creates nothing when it refuses', async () => {
    const email = uniqueEmail('refused');
    await signup({ email, password: 'short', displayName: 'No' }).expect(400);
    const rows = await ownerQuery(testApp.db, 'SELECT 1 FROM users WHERE email = $1', [email]);
    expect(rows).toHaveLength(0);
  });
});
