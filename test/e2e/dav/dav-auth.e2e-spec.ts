import request from 'supertest';
import { setHouseholdStatus } from '../../factories/household.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { basicAuth, dav, DavFixture, davFixture, davUrl } from './dav-fixture';

describe('dav: authentication and households', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await davFixture(testApp);
  });
  afterAll(() => testApp?.close());

  it('asks for Basic credentials without any (401, WWW-Authenticate)', async () => {
    const answer = await dav(testApp.server, 'PROPFIND', davUrl(fx.home.slug))
      .set('Depth', '0')
      .expect(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Basic realm="Foyer"/);
  });

  it('refuses a wrong app password and the account password (401)', async () => {
    for (const password of ['aaaa-bbbb-cccc-dddd-eeee-ffff-gggg-hhhh', fx.owner.password]) {
      const answer = await dav(testApp.server, 'PROPFIND', davUrl(fx.home.slug))
        .set('Authorization', basicAuth(fx.owner.email, password))
        .set('Depth', '0')
        .expect(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Basic realm="Foyer"/);
    }
    await dav(testApp.server, 'OPTIONS', davUrl(fx.home.slug))
      .set('Authorization', 'Basic !!!')
      .expect(401);
  });

  it('accepts Basic with an app password and a bearer session', async () => {
    await dav(testApp.server, 'PROPFIND', davUrl(fx.home.slug))
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .expect(207);
    await dav(testApp.server, 'PROPFIND', davUrl(fx.home.slug))
      .set(fx.owner.auth)
      .set('Depth', '0')
      .expect(207);
  });

  it('does not accept Basic on the REST API', async () => {
    await request(testApp.server)
      .get(`/api/v1/households/${fx.home.id}/files`)
      .set('Authorization', fx.basic)
      .expect(401);
  });

  it("answers 404 for another household's slug and an unknown one", async () => {
    const other = await davFixture(testApp, 'Other home');
    await dav(testApp.server, 'PROPFIND', davUrl(other.home.slug))
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .expect(404);
    await request(testApp.server)
      .get(davUrl(other.home.slug, '/Documents/'))
      .set('Authorization', fx.basic)
      .expect(404);
    await request(testApp.server)
      .put(davUrl(other.home.slug, '/x.txt'))
      .set('Authorization', fx.basic)
      .send(Buffer.from('x'))
      .expect(404);
    await dav(testApp.server, 'OPTIONS', davUrl('no-such-home-here'))
      .set('Authorization', fx.basic)
      .expect(404);
  });

  it('keeps reads and refuses writes in a read-only household (403)', async () => {
    const ro = await davFixture(testApp, 'Read-only home');
    await request(testApp.server)
      .put(davUrl(ro.home.slug, '/kept.txt'))
      .set('Authorization', ro.basic)
      .set('Content-Type', 'text/plain')
      .send('kept')
      .expect(201);
    await setHouseholdStatus(testApp, ro.home, 'suspended');
    await request(testApp.server)
      .get(davUrl(ro.home.slug, '/kept.txt'))
      .set('Authorization', ro.basic)
      .expect(200, 'kept');
    await request(testApp.server)
      .put(davUrl(ro.home.slug, '/new.txt'))
      .set('Authorization', ro.basic)
      .set('Content-Type', 'text/plain')
      .send('new')
      .expect(403);
    await dav(testApp.server, 'MKCOL', davUrl(ro.home.slug, '/Folder'))
      .set('Authorization', ro.basic)
      .expect(403);
    await request(testApp.server)
      .delete(davUrl(ro.home.slug, '/kept.txt'))
      .set('Authorization', ro.basic)
      .expect(403);
  });
});
