import request from 'supertest';
import { toHouseholdId } from '@foyer/core';
import { FamilyCollectionsSeeder } from '@foyer/pim';
import { createActiveHousehold, tenantQuery } from '../households/provisioning-helpers';
import { createTestApp, TestApp } from '../../harness/test-app';
import { dav, DavFixture, hrefsOf, pimDavFixture, responsesOf } from './pim-dav-fixture';

const PROPFIND_PRINCIPAL = `<?xml version="1.0"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>`;

const PROPFIND_HOMES = `<?xml version="1.0"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cr="urn:ietf:params:xml:ns:carddav">
  <d:prop><c:calendar-home-set/><cr:addressbook-home-set/><d:displayname/><c:calendar-user-address-set/></d:prop>
</d:propfind>`;

describe('CardDAV / CalDAV discovery', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimDavFixture(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it.each(['caldav', 'carddav'])('/.well-known/%s redirects to the context root', async (name) => {
    const response = await request(testApp.server).get(`/.well-known/${name}`).expect(301);
    expect(response.headers.location).toBe('/dav/');
    const propfind = await dav(testApp.server, 'PROPFIND', `/.well-known/${name}`).expect(301);
    expect(propfind.headers.location).toBe('/dav/');
  });

  it('finds the principal from the context root, then the homes', async () => {
    const root = await dav(testApp.server, 'PROPFIND', '/dav/')
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .set('Content-Type', 'application/xml')
      .send(PROPFIND_PRINCIPAL)
      .expect(207);
    const principal = `/dav/principals/${fx.owner.id}/`;
    expect(root.text).toContain(`<D:current-user-principal><D:href>${principal}</D:href>`);

    const homes = await dav(testApp.server, 'PROPFIND', principal)
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .send(PROPFIND_HOMES)
      .expect(207);
    expect(homes.text).toContain(
      `<C:calendar-home-set><D:href>/dav/calendars/${fx.home.slug}/</D:href></C:calendar-home-set>`,
    );
    expect(homes.text).toContain(
      `<CR:addressbook-home-set><D:href>/dav/addressbooks/${fx.home.slug}/</D:href></CR:addressbook-home-set>`,
    );
    expect(homes.text).toContain(`mailto:${fx.owner.email}`);
  });

  it('lists the Family calendar and address book in the homes', async () => {
    const calendars = await dav(testApp.server, 'PROPFIND', `/dav/calendars/${fx.home.slug}/`)
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .expect(207);
    const [home, family] = responsesOf(calendars.text);
    expect(hrefsOf(home)[0]).toBe(`/dav/calendars/${fx.home.slug}/`);
    expect(family).toContain(`<D:href>/dav/calendars/${fx.home.slug}/family/</D:href>`);
    expect(family).toContain('<C:calendar/>');
    expect(family).toContain('<C:comp name="VEVENT"/>');
    expect(family).toContain('<D:displayname>Family</D:displayname>');
    expect(family).toMatch(/<CS:getctag>0<\/CS:getctag>/);
    expect(family).toMatch(/<D:sync-token>urn:foyer:sync:[0-9a-f-]+:0<\/D:sync-token>/);

    const books = await dav(testApp.server, 'PROPFIND', `/dav/addressbooks/${fx.home.slug}/`)
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .expect(207);
    expect(books.text).toContain(`/dav/addressbooks/${fx.home.slug}/family/`);
    expect(books.text).toContain('<CR:addressbook/>');
  });

  it('refuses anonymous requests with a Basic challenge, and Depth infinity', async () => {
    const anonymous = await dav(testApp.server, 'PROPFIND', '/dav/').expect(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="Foyer"/);
    await dav(testApp.server, 'PROPFIND', `/dav/calendars/${fx.home.slug}/`)
      .set('Authorization', fx.basic)
      .set('Depth', 'infinity')
      .expect(403);
  });

  it('answers OPTIONS with the CalDAV and CardDAV capabilities', async () => {
    const response = await dav(testApp.server, 'OPTIONS', `/dav/calendars/${fx.home.slug}/family/`)
      .set('Authorization', fx.basic)
      .expect(200);
    expect(response.headers.dav).toContain('calendar-access');
    expect(response.headers.dav).toContain('addressbook');
    expect(response.headers.allow).toContain('REPORT');
  });

  it('seeds the Family collections once, however often provisioning runs the seeder', async () => {
    const seeder = testApp.app.get(FamilyCollectionsSeeder);
    await seeder.seed(toHouseholdId(fx.home.id));
    await seeder.seed(toHouseholdId(fx.home.id));
    const rows = await tenantQuery<{ kind: string; name: string; owner_user_id: string | null }>(
      testApp.db,
      fx.home.id,
      'SELECT kind, name, owner_user_id FROM pim_collections ORDER BY kind',
    );
    expect(rows).toEqual([
      { kind: 'addressbook', name: 'family', owner_user_id: null },
      { kind: 'calendar', name: 'family', owner_user_id: null },
    ]);
  });

  it('lists one home per household of the user in the home sets', async () => {
    const second = await createActiveHousehold(testApp.server, fx.owner, 'Beach house');
    const response = await dav(testApp.server, 'PROPFIND', `/dav/principals/${fx.owner.id}/`)
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .send(PROPFIND_HOMES)
      .expect(207);
    const homeSet = /<C:calendar-home-set>(.*?)<\/C:calendar-home-set>/.exec(response.text)?.[1];
    expect(hrefsOf(homeSet ?? '').sort()).toEqual(
      [`/dav/calendars/${fx.home.slug}/`, `/dav/calendars/${second.slug}/`].sort(),
    );
    const homes = await dav(testApp.server, 'PROPFIND', '/dav/addressbooks/')
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .expect(207);
    expect(hrefsOf(homes.text)).toEqual(
      expect.arrayContaining([
        `/dav/addressbooks/${second.slug}/`,
        `/dav/addressbooks/${fx.home.slug}/`,
      ]),
    );
    await dav(testApp.server, 'PROPFIND', `/dav/calendars/${second.slug}/family/`)
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .expect(207);
  });
});
