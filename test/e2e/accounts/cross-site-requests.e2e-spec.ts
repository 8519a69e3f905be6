import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createHousehold, TestHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser, uniqueEmail } from '../../factories/user.factory';

const PUBLIC_URL = 'http://foyer.test';

/**
 * A page on another port or a sibling host is same-site: the browser sends it the SameSite=Lax
 * cookie. Changes signed in by that cookie come only from Foyer's own origin, and only as JSON.
 */
describe('cross-site requests', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let home: TestHousehold;

  beforeAll(async () => {
    testApp = await createTestApp({
      FOYER_PUBLIC_URL: PUBLIC_URL,
      FOYER_BASE_DOMAIN: 'foyer.test',
    });
    owner = await createUser(testApp, { verified: true });
    home = await createHousehold(testApp, owner);
  });
  afterAll(() => testApp?.close());

  const invitesOf = async (email: string) =>
    ownerQuery(testApp.db, 'SELECT id FROM invites WHERE household_id = $1 AND email = $2', [
      home.id,
      email,
    ]);
  const invite = () => request(testApp.server).post(`/api/v1/households/${home.id}/invites`);

  it('refuses the auto-posted form of a same-site page (403), and invites nobody', async () => {
    const email = uniqueEmail('forged');
    for (const origin of ['http://foyer.test:8081', 'http://evil.foyer.test', 'null']) {
      const response = await invite()
        .set('Cookie', owner.cookie)
        .set('Origin', origin)
        .type('form')
        .send(`email=${encodeURIComponent(email)}&role=admin`);
      expect({ origin, status: response.status, code: response.body.code }).toEqual({
        origin,
        status: 403,
        code: 'CROSS_ORIGIN_REQUEST',
      });
    }
    expect(await invitesOf(email)).toHaveLength(0);
  });

  it('refuses JSON from another origin, by Origin or by Referer, or from no page at all', async () => {
    const email = uniqueEmail('forged');
    const attempts = [
      { Origin: 'http://other.foyer.test' },
      { Referer: 'http://foyer.test:9999/attack.html' },
      {},
    ];
    for (const headers of attempts) {
      const response = await invite()
        .set('Cookie', owner.cookie)
        .set(headers)
        .send({ email, role: 'admin' });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('CROSS_ORIGIN_REQUEST');
    }
    // A household's own host may not change another household through its cookie either.
    const sibling = await invite()
      .set('Cookie', owner.cookie)
      .set('Host', `${home.slug}.foyer.test`)
      .set('Origin', `http://another-home.foyer.test`)
      .send({ email, role: 'member' });
    expect(sibling.status).toBe(403);
    expect(await invitesOf(email)).toHaveLength(0);
  });

  it("accepts JSON from Foyer's own origin: the public URL, or the household's own host", async () => {
    await invite()
      .set('Cookie', owner.cookie)
      .set('Origin', PUBLIC_URL)
      .send({ email: uniqueEmail('fine'), role: 'member' })
      .expect(201);
    await invite()
      .set('Cookie', owner.cookie)
      .set('Referer', `${PUBLIC_URL}/h/${home.slug}/members`)
      .send({ email: uniqueEmail('fine'), role: 'member' })
      .expect(201);
    await invite()
      .set('Cookie', owner.cookie)
      .set('Host', `${home.slug}.foyer.test`)
      .set('Origin', `http://${home.slug}.foyer.test`)
      .send({ email: uniqueEmail('fine'), role: 'member' })
      .expect(201);
  });

  it('leaves bearer tokens alone, whatever the origin', async () => {
    await invite()
      .set(owner.auth)
      .set('Origin', 'http://evil.example.net')
      .send({ email: uniqueEmail('bearer'), role: 'member' })
      .expect(201);
  });

  it('reads only JSON on JSON routes: a form is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const email = uniqueEmail('form');
    const form = await invite()
      .set(owner.auth)
      .type('form')
      .send(`email=${encodeURIComponent(email)}&role=member`);
    expect({ status: form.status, code: form.body.code }).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const text = await request(testApp.server)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ email: owner.email, password: owner.password }));
    expect(text.status).toBe(415);
    expect(await invitesOf(email)).toHaveLength(0);
  });

  it('still signs out by cookie from its own page', async () => {
    const user = await createUser(testApp);
    await request(testApp.server)
      .post('/api/v1/auth/logout')
      .set('Cookie', user.cookie)
      .set('Origin', PUBLIC_URL)
      .expect(204);
    await request(testApp.server).get('/api/v1/me').set(user.auth).expect(401);
  });
});
