import request from 'supertest';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createActiveHousehold, CreatedHousehold } from './provisioning-helpers';

const BASE_DOMAIN = 'foyer.test';

function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

describe('household addresses: /h/<slug>/... and <slug>.<FOYER_BASE_DOMAIN>', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  let household: CreatedHousehold;
  let expected: Record<string, unknown>;

  const api = () => request(testApp.server);
  const onHost = (slug: string) => `${slug}.${BASE_DOMAIN}`;

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_BASE_DOMAIN: BASE_DOMAIN });
    owner = await createUser(testApp, { verified: true });
    stranger = await createUser(testApp, { verified: true });
    household = await createActiveHousehold(testApp.server, owner, 'The Addressed');
    await createActiveHousehold(testApp.server, stranger, 'Next Door');
    expected = (await api().get(`/api/v1/households/${household.id}`).set(owner.auth).expect(200))
      .body as Record<string, unknown>;
  });
  afterAll(() => testApp?.close());

  describe('the path form /h/<slug>', () => {
    it.each(['/h/the-addressed', '/h/the-addressed/', '/h/the-addressed/api/v1'])(
      '%s is the household',
      async (path) => {
        const response = await api().get(path).set(owner.auth).expect(200);
        expect(response.body).toEqual(expected);
      },
    );

    it('opens the web app for a browser, and keeps JSON for API clients', async () => {
      const browserAccept =
        'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
      for (const path of ['/h/the-addressed', '/h/the-addressed/?from=mail']) {
        const page = await api().get(path).set('Accept', browserAccept).expect(302);
        expect(page.headers.location).toBe('/households/the-addressed');
      }
      // Signed out too: the web app then asks to sign in, and comes back.
      const head = await api().head('/h/the-addressed').set('Accept', 'text/html').expect(302);
      expect(head.headers.location).toBe('/households/the-addressed');
      for (const accept of ['application/json', '*/*', 'application/json, text/html;q=0.5']) {
        const response = await api()
          .get('/h/the-addressed')
          .set('Accept', accept)
          .set(owner.auth)
          .expect(200);
        expect(response.body).toEqual(expected);
      }
      // The household's API routes stay API routes, whatever the Accept header says.
      const members = await api()
        .get('/h/the-addressed/api/v1/members')
        .set('Accept', browserAccept)
        .set(owner.auth)
        .expect(200);
      expect(Array.isArray(members.body)).toBe(true);
      await api().patch('/h/the-addressed').set('Accept', 'text/html').send({}).expect(401);
    });

    it('takes the household id as well', async () => {
      const response = await api().get(`/h/${household.id}`).set(owner.auth).expect(200);
      expect(response.body).toEqual(expected);
    });

    it('routes /h/<slug>/api/v1/<rest> to /api/v1/households/<slug>/<rest>, method and body included', async () => {
      const renamed = await api()
        .patch('/h/the-addressed/api/v1')
        .set(owner.auth)
        .send({ name: 'Renamed Through Its Address' })
        .expect(200);
      expect(renamed.body).toMatchObject({ id: household.id, name: 'Renamed Through Its Address' });
      await api()
        .patch('/h/the-addressed/api/v1')
        .set(owner.auth)
        .send({ name: 'The Addressed' })
        .expect(200);

      // Whatever a household sub-route answers directly, it answers the same through /h.
      for (const rest of ['members', 'invites', 'no-such-route?x=1']) {
        const direct = await api().get(`/api/v1/households/the-addressed/${rest}`).set(owner.auth);
        const viaPath = await api().get(`/h/the-addressed/api/v1/${rest}`).set(owner.auth);
        expect([viaPath.status, withoutRequestId(viaPath.body)]).toEqual([
          direct.status,
          withoutRequestId(direct.body),
        ]);
      }
    });

    it('answers an unknown slug 404 HOUSEHOLD_NOT_FOUND', async () => {
      for (const path of ['/h/no-such-household', '/h/no-such-household/api/v1']) {
        const response = await api().get(path).set(owner.auth).expect(404);
        expect(response.body).toMatchObject({ statusCode: 404, code: 'HOUSEHOLD_NOT_FOUND' });
      }
    });

    it('answers a signed-in non-member exactly as an unknown slug', async () => {
      const foreign = await api().get('/h/the-addressed').set(stranger.auth).expect(404);
      const unknown = await api().get('/h/no-such-household').set(stranger.auth).expect(404);
      expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(unknown.body));
      const foreignChange = await api()
        .patch('/h/the-addressed/api/v1')
        .set(stranger.auth)
        .send({ name: 'Mine' })
        .expect(404);
      expect(foreignChange.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    });

    it('needs a session (401), without telling whether the slug exists', async () => {
      const known = await api().get('/h/the-addressed').expect(401);
      const unknown = await api().get('/h/no-such-household').expect(401);
      expect(withoutRequestId(known.body)).toEqual(withoutRequestId(unknown.body));
    });

    it('follows a slug change at once', async () => {
      const moving = await createActiveHousehold(testApp.server, owner, 'Moving House');
      await api()
        .patch(`/api/v1/households/${moving.id}`)
        .set(owner.auth)
        .send({ slug: 'moved-house' })
        .expect(200);
      await api().get('/h/moved-house').set(owner.auth).expect(200);
      await api().get('/h/moving-house').set(owner.auth).expect(404);
    });
  });

  describe('the host form <slug>.<FOYER_BASE_DOMAIN>', () => {
    it('/ on the household host is the household', async () => {
      const response = await api().get('/').set('Host', onHost('the-addressed')).set(owner.auth);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expected);
    });

    it('ignores the port and the case of the host', async () => {
      const response = await api()
        .get('/')
        .set('Host', `The-Addressed.FOYER.test:8443`)
        .set(owner.auth)
        .expect(200);
      expect(response.body).toEqual(expected);
    });

    it('routes /api/v1/<rest> on the household host to the household', async () => {
      const renamed = await api()
        .patch('/api/v1')
        .set('Host', onHost('the-addressed'))
        .set(owner.auth)
        .send({ name: 'Renamed By Host' })
        .expect(200);
      expect(renamed.body).toMatchObject({ id: household.id, name: 'Renamed By Host' });
      await api()
        .patch(`/api/v1/households/${household.id}`)
        .set(owner.auth)
        .send({ name: 'The Addressed' })
        .expect(200);
      for (const rest of ['members', 'no-such-route']) {
        const direct = await api().get(`/api/v1/households/the-addressed/${rest}`).set(owner.auth);
        const viaHost = await api()
          .get(`/api/v1/${rest}`)
          .set('Host', onHost('the-addressed'))
          .set(owner.auth);
        expect([viaHost.status, withoutRequestId(viaHost.body)]).toEqual([
          direct.status,
          withoutRequestId(direct.body),
        ]);
      }
    });

    it('keeps the account-level API working on the household host', async () => {
      const me = await api()
        .get('/api/v1/me')
        .set('Host', onHost('the-addressed'))
        .set(owner.auth)
        .expect(200);
      expect(me.body.id).toBe(owner.id);
      const list = await api()
        .get('/api/v1/households')
        .set('Host', onHost('the-addressed'))
        .set(owner.auth)
        .expect(200);
      expect(list.body.map((h: { id: string }) => h.id)).toContain(household.id);
      await api().get('/health').set('Host', onHost('the-addressed')).expect(200);
    });

    it('answers an unknown slug 404 HOUSEHOLD_NOT_FOUND, and a non-member the same', async () => {
      const unknown = await api()
        .get('/')
        .set('Host', onHost('no-such-household'))
        .set(owner.auth)
        .expect(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, code: 'HOUSEHOLD_NOT_FOUND' });
      const foreign = await api()
        .get('/')
        .set('Host', onHost('the-addressed'))
        .set(stranger.auth)
        .expect(404);
      expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(unknown.body));
    });

    it('needs a session on the household host (401)', async () => {
      const response = await api().get('/').set('Host', onHost('the-addressed')).expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });

    it('leaves the main host, other domains and reserved names (www) alone', async () => {
      for (const host of [
        BASE_DOMAIN,
        `www.${BASE_DOMAIN}`,
        'the-addressed.elsewhere.test',
        'a.b.foyer.test',
      ]) {
        const response = await api().get('/').set('Host', host).expect(200);
        expect(response.headers['content-type']).toContain('text/html');
      }
    });
  });

  it('resolves an address for every member, with each one’s role', async () => {
    const child = await createUser(testApp, { verified: true });
    await ownerQuery(
      testApp.db,
      `INSERT INTO memberships (household_id, user_id, role) VALUES ($1, $2, 'child')`,
      [household.id, child.id],
    );
    const viaPath = await api().get('/h/the-addressed').set(child.auth).expect(200);
    const viaHost = await api().get('/').set('Host', onHost('the-addressed')).set(child.auth);
    expect(viaPath.body.role).toBe('child');
    expect(viaHost.body).toEqual(viaPath.body);
  });
});

// Its own app, after the one above is closed: two apps alive in one process share Passport's
// strategy registry, so they are never overlapped.
describe('household addresses without FOYER_BASE_DOMAIN', () => {
  let plain: TestApp;

  beforeAll(async () => {
    plain = await createTestApp();
  });
  afterAll(() => plain?.close());

  it('does not treat hosts as households, while the path form works', async () => {
    const user = await createUser(plain, { verified: true });
    await createActiveHousehold(plain.server, user, 'The Addressed');
    const response = await request(plain.server)
      .get('/')
      .set('Host', `the-addressed.${BASE_DOMAIN}`)
      .set(user.auth)
      .expect(200);
    expect(response.headers['content-type']).toContain('text/html');
    await request(plain.server).get('/h/the-addressed').set(user.auth).expect(200);
  });
});
