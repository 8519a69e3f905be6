import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { mailFor, waitForMail } from '../../harness/mailbox';
import { createUser, signIn, strongPassword, uniqueEmail } from '../../factories/user.factory';

const TOKEN = /[?&]token=([^&\s]+)/;

function tokenOf(link: string | undefined): string {
  const match = TOKEN.exec(link ?? '');
  if (!match) throw new Error(`No token in ${link}`);
  return decodeURIComponent(match[1]);
}

describe('The account: language, name, email and sessions', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const me = (auth: Record<string, string>) =>
    request(testApp.server).get('/api/v1/me').set(auth).expect(200);
  const signup = (body: Record<string, unknown>, acceptLanguage?: string) => {
    const call = request(testApp.server).post('/api/v1/auth/signup');
    if (acceptLanguage) call.set('Accept-Language', acceptLanguage);
    return call.send({ password: strongPassword(), displayName: 'Zoé', ...body });
  };

  describe('language at signup', () => {
    it('takes the language the web app sends, over Accept-Language', async () => {
      const email = uniqueEmail('lang-body');
      await signup({ email, language: 'fr' }, 'en-GB,en;q=0.9').expect(201);
      const mail = await waitForMail(email, { subject: /Confirmez/ });
      expect(mail.text).toContain('Bonjour Zoé,');
    });

    it('falls back to Accept-Language, by its weights, then to English', async () => {
      const french = uniqueEmail('lang-header');
      await signup({ email: french }, 'de-DE, fr-CH;q=0.8, en;q=0.5').expect(201);
      expect((await waitForMail(french)).subject).toBe('Confirmez votre adresse e-mail pour Foyer');
      const english = uniqueEmail('lang-none');
      await signup({ email: english }, 'de, es;q=0.9').expect(201);
      expect((await waitForMail(english)).subject).toBe('Confirm your email address for Foyer');
    });

    it('refuses a language Foyer does not speak, and creates nothing', async () => {
      const email = uniqueEmail('lang-bad');
      const response = await signup({ email, language: 'de' }).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const login = await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email, password: 'whatever-it-is' });
      expect(login.status).toBe(401);
    });
  });

  describe('PATCH /api/v1/me', () => {
    it('changes the name and the language, and the next mails follow the language', async () => {
      const user = await createUser(testApp, { displayName: 'Ada' });
      const changed = await request(testApp.server)
        .patch('/api/v1/me')
        .set(user.auth)
        .send({ displayName: '  Ada Lovelace ', language: 'fr' })
        .expect(200);
      expect(changed.body).toMatchObject({ displayName: 'Ada Lovelace', language: 'fr' });
      expect((await me(user.auth)).body).toMatchObject({
        displayName: 'Ada Lovelace',
        language: 'fr',
      });

      await request(testApp.server).post('/api/v1/auth/password-reset').send({ email: user.email });
      const mail = await waitForMail(user.email, { subject: /Réinitialisez/ });
      expect(mail.text).toContain('Bonjour Ada Lovelace,');
    });

    it('changes one thing and leaves the other', async () => {
      const user = await createUser(testApp, { displayName: 'Bea', language: 'fr' });
      await request(testApp.server)
        .patch('/api/v1/me')
        .set(user.auth)
        .send({ displayName: 'Béa' })
        .expect(200);
      expect((await me(user.auth)).body).toMatchObject({ displayName: 'Béa', language: 'fr' });
    });

    it.each([
      [{ language: 'de' }],
      [{ language: 42 }],
      [{ displayName: '   ' }],
      [{ displayName: 'x'.repeat(101) }],
      [{ email: 'other@example.com' }],
    ])('refuses %j with 400 and changes nothing', async (body) => {
      const user = await createUser(testApp, { displayName: 'Cleo' });
      const response = await request(testApp.server)
        .patch('/api/v1/me')
        .set(user.auth)
        .send({ displayName: 'Changed', ...body });
      expect(response.status).toBe(400);
      expect((await me(user.auth)).body).toMatchObject({ displayName: 'Cleo', language: 'en' });
    });

    it('needs a session', async () => {
      await request(testApp.server).patch('/api/v1/me').send({ language: 'fr' }).expect(401);
    });
  });

  describe('changing the email address', () => {
    it('takes effect only once the link mailed to the new address is opened', async () => {
      const user = await createUser(testApp, { language: 'fr', verified: true });
      const next = uniqueEmail('moved-address');
      await request(testApp.server)
        .post('/api/v1/me/email')
        .set(user.auth)
        .send({ email: next.toUpperCase(), currentPassword: user.password })
        .expect(202);
      expect((await me(user.auth)).body).toMatchObject({ email: user.email, pendingEmail: next });

      const mail = await waitForMail(next, { subject: /nouvelle adresse/ });
      expect(mail.subject).toBe('Confirmez votre nouvelle adresse e-mail pour Foyer');
      expect(mail.text).toContain(`à la place de ${user.email}`);
      const link = mail.links.find((each) => each.includes('/confirm-email?token='));
      // Until then, the old address still signs in; the new one does not.
      await signIn(testApp.server, user.email, user.password);

      await request(testApp.server)
        .post('/api/v1/auth/confirm-email')
        .send({ token: tokenOf(link) })
        .expect(204);
      const after = (await me(user.auth)).body;
      expect(after).toMatchObject({ email: next, pendingEmail: null, emailVerified: true });
      await signIn(testApp.server, next, user.password);
      const old = await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      expect(old.status).toBe(401);
      const again = await request(testApp.server)
        .post('/api/v1/auth/confirm-email')
        .send({ token: tokenOf(link) });
      expect(again.status).toBe(410);
      expect(again.body.code).toBe('TOKEN_USED');
    });

    it('refuses a wrong current password, its own address, a taken one, and records nothing', async () => {
      const user = await createUser(testApp);
      const other = await createUser(testApp);
      const attempt = (body: Record<string, unknown>) =>
        request(testApp.server).post('/api/v1/me/email').set(user.auth).send(body);

      const wrong = await attempt({ email: uniqueEmail('x'), currentPassword: 'not-the-password' });
      expect([wrong.status, wrong.body.code]).toEqual([403, 'CURRENT_PASSWORD_INCORRECT']);
      const same = await attempt({ email: user.email, currentPassword: user.password });
      expect([same.status, same.body.code]).toEqual([400, 'EMAIL_UNCHANGED']);
      const taken = await attempt({ email: other.email, currentPassword: user.password });
      expect([taken.status, taken.body.code]).toEqual([409, 'EMAIL_TAKEN']);
      const invalid = await attempt({ email: 'not an address', currentPassword: user.password });
      expect(invalid.status).toBe(400);
      expect((await me(user.auth)).body.pendingEmail).toBeNull();
      expect(await mailFor(other.email)).toHaveLength(1); // its own verification mail only
    });

    it('refuses the link when the address was taken meanwhile, and keeps the account as it was', async () => {
      const user = await createUser(testApp);
      const next = uniqueEmail('raced');
      await request(testApp.server)
        .post('/api/v1/me/email')
        .set(user.auth)
        .send({ email: next, currentPassword: user.password })
        .expect(202);
      const link = (await waitForMail(next)).links[0];
      await createUser(testApp, { email: next });
      const response = await request(testApp.server)
        .post('/api/v1/auth/confirm-email')
        .send({ token: tokenOf(link) });
      expect([response.status, response.body.code]).toEqual([409, 'EMAIL_TAKEN']);
      expect((await me(user.auth)).body).toMatchObject({ email: user.email });
    });

    it('ends a pending change when asked: its link no longer works', async () => {
      const user = await createUser(testApp);
      const next = uniqueEmail('cancelled');
      await request(testApp.server)
        .post('/api/v1/me/email')
        .set(user.auth)
        .send({ email: next, currentPassword: user.password })
        .expect(202);
      const link = (await waitForMail(next)).links[0];
      await request(testApp.server).delete('/api/v1/me/email').set(user.auth).expect(204);
      expect((await me(user.auth)).body.pendingEmail).toBeNull();
      const response = await request(testApp.server)
        .post('/api/v1/auth/confirm-email')
        .send({ token: tokenOf(link) });
      expect(response.status).toBe(410);
      expect((await me(user.auth)).body.email).toBe(user.email);
    });

    it('refuses a token meant for something else', async () => {
      const user = await createUser(testApp);
      const verification = await waitForMail(user.email);
      const response = await request(testApp.server)
        .post('/api/v1/auth/confirm-email')
        .send({ token: tokenOf(verification.links[0]) });
      expect([response.status, response.body.code]).toEqual([400, 'TOKEN_INVALID']);
    });
  });

  describe('sessions', () => {
    it('lists the signed-in sessions, marks this one, and ends another', async () => {
      const user = await createUser(testApp);
      const phone = await signIn(testApp.server, user.email, user.password);
      const listed = await request(testApp.server)
        .get('/api/v1/me/sessions')
        .set(user.auth)
        .expect(200);
      expect(listed.body).toHaveLength(2);
      const current = listed.body.filter((session: { current: boolean }) => session.current);
      expect(current).toHaveLength(1);
      const other = listed.body.find((session: { current: boolean }) => !session.current);
      expect(other).toMatchObject({
        createdAt: expect.any(String),
        lastSeenAt: expect.any(String),
      });
      expect(JSON.stringify(listed.body)).not.toContain(phone.accessToken);

      await request(testApp.server)
        .delete(`/api/v1/me/sessions/${other.id}`)
        .set(user.auth)
        .expect(204);
      await request(testApp.server).get('/api/v1/me').set(phone.auth).expect(401);
      await me(user.auth);
      const after = await request(testApp.server).get('/api/v1/me/sessions').set(user.auth);
      expect(after.body).toHaveLength(1);
    });

    it("answers 404 for someone else's session, an ended one, or no id at all, and ends nothing", async () => {
      const user = await createUser(testApp);
      const stranger = await createUser(testApp);
      const theirs = await request(testApp.server).get('/api/v1/me/sessions').set(stranger.auth);
      const theirId = theirs.body[0].id as string;
      for (const id of [theirId, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
        const response = await request(testApp.server)
          .delete(`/api/v1/me/sessions/${id}`)
          .set(user.auth);
        expect([response.status, response.body.code]).toEqual([404, 'SESSION_NOT_FOUND']);
      }
      await me(stranger.auth);
    });
  });
});
