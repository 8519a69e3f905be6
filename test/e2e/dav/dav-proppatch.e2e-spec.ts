import request from 'supertest';
import { setHouseholdStatus } from '../../factories/household.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import { dav, DavFixture, davFixture, davUrl } from './dav-fixture';

const SET = `<?xml version="1.0" encoding="utf-8"?>
<a:propertyupdate xmlns:a="DAV:" xmlns:w="urn:schemas-microsoft-com:">
  <a:set><a:prop><w:Win32LastModifiedTime>Wed, 25 Nov 2026 10:00:00 GMT</w:Win32LastModifiedTime>
    <c:color xmlns:c="urn:example">red &amp; blue</c:color></a:prop></a:set>
</a:propertyupdate>`;

describe('dav: PROPPATCH and dead properties', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  beforeEach(async () => {
    fx = await davFixture(testApp);
    await request(testApp.server)
      .put(davUrl(fx.home.slug, '/note.txt'))
      .set('Authorization', fx.basic)
      .set('Content-Type', 'text/plain')
      .send('note')
      .expect(201);
  });
  afterAll(() => testApp?.close());

  const call = (method: string, path: string) =>
    dav(testApp.server, method, davUrl(fx.home.slug, path))
      .set('Authorization', fx.basic)
      .set('Content-Type', 'application/xml; charset=utf-8');

  it('stores dead properties and shows them in PROPFIND (prop, allprop, propname)', async () => {
    const set = await call('PROPPATCH', '/note.txt')
      .set('Content-Type', 'application/xml')
      .send(SET)
      .expect(207);
    expect(set.text).toContain('HTTP/1.1 200 OK');
    expect(set.text).toContain('<Win32LastModifiedTime xmlns="urn:schemas-microsoft-com:"/>');

    const prop = await call('PROPFIND', '/note.txt')
      .set('Depth', '0')
      .set('Content-Type', 'application/xml')
      .send('<propfind xmlns="DAV:"><prop><color xmlns="urn:example"/><getetag/></prop></propfind>')
      .expect(207);
    expect(prop.text).toContain('<color xmlns="urn:example">red &amp; blue</color>');
    const all = await call('PROPFIND', '/').set('Depth', '1').expect(207);
    expect(all.text).toContain(
      '<Win32LastModifiedTime xmlns="urn:schemas-microsoft-com:">Wed, 25 Nov 2026 10:00:00 GMT</Win32LastModifiedTime>',
    );
    const names = await call('PROPFIND', '/note.txt')
      .set('Depth', '0')
      .send('<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>')
      .expect(207);
    expect(names.text).toContain('<color xmlns="urn:example"/>');

    const [row] = await tenantQuery<{ value: string }>(
      testApp.db,
      fx.home.id,
      `SELECT value FROM dav_dead_properties WHERE name = 'color'`,
    );
    expect(row.value).toBe('red & blue');

    await call('PROPPATCH', '/note.txt')
      .send(
        '<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><c:color xmlns:c="urn:example"/></D:prop></D:remove></D:propertyupdate>',
      )
      .expect(207);
    const after = await call('PROPFIND', '/note.txt').set('Depth', '0').expect(207);
    expect(after.text).not.toContain('urn:example');
    expect(after.text).toContain('Win32LastModifiedTime');
  });

  it('refuses live properties (403, the rest 424, nothing stored)', async () => {
    const answer = await call('PROPPATCH', '/note.txt')
      .send(
        '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:getetag>x</D:getetag><z:a xmlns:z="urn:z">1</z:a></D:prop></D:set></D:propertyupdate>',
      )
      .expect(207);
    expect(answer.text).toContain('HTTP/1.1 403 Forbidden');
    expect(answer.text).toContain('HTTP/1.1 424 Failed Dependency');
    const props = await call('PROPFIND', '/note.txt').set('Depth', '0').expect(207);
    expect(props.text).not.toContain('urn:z');
  });

  it('refuses DOCTYPE, missing targets, other households and read-only households', async () => {
    await call('PROPPATCH', '/note.txt')
      .send(
        '<!DOCTYPE x [<!ENTITY e "boom">]><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><z:a xmlns:z="urn:z">&e;</z:a></D:prop></D:set></D:propertyupdate>',
      )
      .expect(400);
    await call('PROPPATCH', '/missing.txt').send(SET).expect(404);
    const other = await davFixture(testApp, 'Other dav home');
    await dav(testApp.server, 'PROPPATCH', davUrl(other.home.slug, '/Documents'))
      .set('Authorization', fx.basic)
      .set('Content-Type', 'text/xml')
      .send(SET)
      .expect(404);
    await setHouseholdStatus(testApp, fx.home, 'suspended');
    await call('PROPPATCH', '/note.txt').send(SET).expect(403);
  });

  it('removes dead properties with their file (the household cascade too)', async () => {
    await call('PROPPATCH', '/note.txt').send(SET).expect(207);
    await call('DELETE', '/note.txt').expect(204);
    await request(testApp.server)
      .delete(`/api/v1/households/${fx.home.id}/files/trash`)
      .set(fx.owner.auth)
      .expect(204);
    const rows = await tenantQuery(testApp.db, fx.home.id, 'SELECT * FROM dav_dead_properties');
    expect(rows).toHaveLength(0);
  });
});
