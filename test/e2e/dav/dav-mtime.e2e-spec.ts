import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { dav, DavFixture, davFixture, davMember, davUrl } from './dav-fixture';

const ORIGINAL = new Date('2001-02-03T04:05:06Z');
const ORIGINAL_SECONDS = String(ORIGINAL.getTime() / 1000);

/** Modification times a client sends are kept: `X-OC-Mtime` on PUT, PROPPATCH of the date. */
describe('dav: modification times', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  beforeEach(async () => {
    fx = await davFixture(testApp, 'Mtime home');
  });
  afterAll(() => testApp?.close());

  const put = (path: string, body: string, auth = fx.basic) =>
    request(testApp.server)
      .put(davUrl(fx.home.slug, path))
      .set('Authorization', auth)
      .set('Content-Type', 'text/plain')
      .send(body);
  const call = (method: string, path: string, auth = fx.basic) =>
    dav(testApp.server, method, davUrl(fx.home.slug, path))
      .set('Authorization', auth)
      .set('Content-Type', 'application/xml');
  const lastModified = async (path: string) => {
    const props = await call('PROPFIND', path)
      .set('Depth', '0')
      .send('<D:propfind xmlns:D="DAV:"><D:prop><D:getlastmodified/></D:prop></D:propfind>')
      .expect(207);
    return /<D:getlastmodified>([^<]*)</.exec(props.text)?.[1];
  };
  const restMtime = async (path: string) => {
    const listing = await request(testApp.server)
      .get(`/api/v1/households/${fx.home.id}/files?path=/`)
      .set(fx.owner.auth)
      .expect(200);
    const items = (listing.body as { items: { path: string; modifiedAt: string }[] }).items;
    return items.find((item) => item.path === path)?.modifiedAt;
  };
  const setDate = (name: string, value: string) =>
    `<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><${name} xmlns="DAV:">${value}</${name}></D:prop></D:set></D:propertyupdate>`;

  it('PUT keeps X-OC-Mtime and says so; without it, the upload time', async () => {
    const created = await put('/old.txt', 'old').set('X-OC-Mtime', ORIGINAL_SECONDS).expect(201);
    expect(created.headers['x-oc-mtime']).toBe('accepted');
    expect(await lastModified('/old.txt')).toBe(ORIGINAL.toUTCString());
    expect(await restMtime('/old.txt')).toBe(ORIGINAL.toISOString());

    const replaced = await put('/old.txt', 'new')
      .set('X-OC-Mtime', `${ORIGINAL.getTime() / 1000 + 60}.25`)
      .expect(204);
    expect(replaced.headers['x-oc-mtime']).toBe('accepted');
    expect(await lastModified('/old.txt')).toBe(
      new Date(ORIGINAL.getTime() + 60_000).toUTCString(),
    );

    const plain = await put('/now.txt', 'now').expect(201);
    expect(plain.headers['x-oc-mtime']).toBeUndefined();
    const now = Date.parse((await lastModified('/now.txt')) as string);
    expect(Math.abs(now - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('MOVE and COPY keep the date: a rename or a copy does not change the content', async () => {
    await put('/dated.txt', 'd').set('X-OC-Mtime', ORIGINAL_SECONDS).expect(201);
    await call('MOVE', '/dated.txt')
      .set('Destination', davUrl(fx.home.slug, '/renamed.txt'))
      .expect(201);
    expect(await lastModified('/renamed.txt')).toBe(ORIGINAL.toUTCString());
    await call('COPY', '/renamed.txt')
      .set('Destination', davUrl(fx.home.slug, '/copy.txt'))
      .expect(201);
    expect(await lastModified('/copy.txt')).toBe(ORIGINAL.toUTCString());
  });

  it('refuses an X-OC-Mtime that is not a date, storing nothing', async () => {
    for (const bad of ['yesterday', '1e9', '99999999999999', '']) {
      const refused = await put('/bad.txt', 'x').set('X-OC-Mtime', bad).expect(400);
      expect(refused.text).toContain('DAV_BAD_MTIME');
    }
    await call('GET', '/bad.txt').expect(404);
  });

  it('PROPPATCH sets DAV:getlastmodified (HTTP-date) and DAV:lastmodified (unix seconds)', async () => {
    await put('/p.txt', 'p').expect(201);
    const set = await call('PROPPATCH', '/p.txt')
      .send(setDate('getlastmodified', ORIGINAL.toUTCString()))
      .expect(207);
    expect(set.text).toContain('HTTP/1.1 200 OK');
    expect(await lastModified('/p.txt')).toBe(ORIGINAL.toUTCString());

    const later = new Date('2010-05-06T07:08:09Z');
    await call('PROPPATCH', '/p.txt')
      .send(setDate('lastmodified', String(later.getTime() / 1000)))
      .expect(207);
    expect(await lastModified('/p.txt')).toBe(later.toUTCString());

    // A dead property beside it is stored too.
    await call('PROPPATCH', '/p.txt')
      .send(
        `<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:getlastmodified>${ORIGINAL.toUTCString()}</D:getlastmodified><z:a xmlns:z="urn:z">1</z:a></D:prop></D:set></D:propertyupdate>`,
      )
      .expect(207);
    const props = await call('PROPFIND', '/p.txt').set('Depth', '0').expect(207);
    expect(props.text).toContain('urn:z');
    expect(props.text).toContain(ORIGINAL.toUTCString());

    await call('PROPPATCH', '/p.txt').send(setDate('getlastmodified', 'last week')).expect(400);
    const removed = await call('PROPPATCH', '/p.txt')
      .send(
        '<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><D:getlastmodified/></D:prop></D:remove></D:propertyupdate>',
      )
      .expect(207);
    expect(removed.text).toContain('HTTP/1.1 403 Forbidden');
    expect(await lastModified('/p.txt')).toBe(ORIGINAL.toUTCString());
  });

  it("a child cannot change the date of someone else's file", async () => {
    await put('/owners.txt', 'o').set('X-OC-Mtime', ORIGINAL_SECONDS).expect(201);
    const auth = await davMember(testApp, fx.home, 'child');
    await call('PROPPATCH', '/owners.txt', auth)
      .send(setDate('getlastmodified', new Date().toUTCString()))
      .expect(403);
    expect(await lastModified('/owners.txt')).toBe(ORIGINAL.toUTCString());
  });
});
