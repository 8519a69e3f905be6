import request from 'supertest';
import { addMember } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import {
  addressbooksUrl,
  calendarsUrl,
  dav,
  DavFixture,
  hrefsOf,
  pimDavFixture,
  responsesOf,
  vcalendar,
  vcard,
  vevent,
} from './pim-dav-fixture';

const NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:I="http://apple.com/ns/ical/"';

/** MKCALENDAR, extended MKCOL, PROPPATCH, DELETE of collections; personal and shared ones. */
describe('CardDAV / CalDAV collections', () => {
  let testApp: TestApp;
  let fx: DavFixture;
  let member: TestUser;

  const cal = (rest = '') => calendarsUrl(fx.home.slug, rest);
  const book = (rest = '') => addressbooksUrl(fx.home.slug, rest);
  const owner = (method: string, url: string) =>
    dav(testApp.server, method, url).set('Authorization', fx.basic);
  const asMember = (method: string, url: string) =>
    dav(testApp.server, method, url).set(member.auth);
  const listed = async (url: string, as: (m: string, u: string) => request.Test) => {
    const response = await as('PROPFIND', url).set('Depth', '1').expect(207);
    return responsesOf(response.text)
      .slice(1)
      .map((r) => hrefsOf(r)[0]);
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimDavFixture(testApp, 'Collections home');
    member = await createUser(testApp, { verified: true });
    await addMember(testApp, fx.home, member, 'member');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('MKCALENDAR makes a personal calendar with its properties', async () => {
    await owner('MKCALENDAR', cal('school/'))
      .send(
        `<?xml version="1.0"?><C:mkcalendar ${NS}><D:set><D:prop><D:displayname>School</D:displayname>` +
          '<C:calendar-description>Term dates</C:calendar-description><I:calendar-color>#3366ffff</I:calendar-color>' +
          '<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>' +
          '</D:prop></D:set></C:mkcalendar>',
      )
      .expect(201);
    const props = await owner('PROPFIND', cal('school/')).set('Depth', '0').expect(207);
    expect(props.text).toContain('<D:displayname>School</D:displayname>');
    expect(props.text).toContain('<C:calendar-description>Term dates</C:calendar-description>');
    expect(props.text).toContain('<I:calendar-color>#3366ffff</I:calendar-color>');
    expect(props.text).toContain(
      '<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>',
    );
    expect(props.text).toContain(
      `<D:owner><D:href>/dav/principals/${fx.owner.id}/</D:href></D:owner>`,
    );
    // A task is refused by a VEVENT-only calendar.
    const task = vcalendar(['BEGIN:VTODO', 'UID:t', 'DTSTAMP:20260101T000000Z', 'END:VTODO']);
    const refused = await owner('PUT', cal('school/t.ics')).send(task).expect(403);
    expect(refused.text).toContain('<C:supported-calendar-component/>');
    // Without a body, MKCALENDAR takes the defaults.
    await owner('MKCALENDAR', cal('plain/')).expect(201);
    expect(await listed(cal(), owner)).toEqual([cal('family/'), cal('plain/'), cal('school/')]);
  });

  it('extended MKCOL makes an address book; clashes and wrong types are refused', async () => {
    await owner('MKCOL', book('friends/'))
      .send(
        `<?xml version="1.0"?><D:mkcol ${NS}><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>` +
          '<D:displayname>Friends</D:displayname></D:prop></D:set></D:mkcol>',
      )
      .expect(201);
    await owner('MKCOL', book('friends/')).expect(405);
    await owner('MKCALENDAR', cal('family/')).expect(405);
    const wrongType = await owner('MKCOL', book('wrong/'))
      .send(
        `<?xml version="1.0"?><D:mkcol ${NS}><D:set><D:prop><D:resourcetype><D:collection/><C:calendar/></D:resourcetype></D:prop></D:set></D:mkcol>`,
      )
      .expect(403);
    expect(wrongType.text).toContain('<D:valid-resourcetype/>');
    await owner('MKCALENDAR', book('cal-in-books/')).expect(403);
    await owner('MKCALENDAR', cal('family/deeper/')).expect(403);
    await owner('MKCALENDAR', cal('bad%2Fname/')).expect(400);
    await owner('MKCALENDAR', cal('x/'))
      .send('<?xml version="1.0"?><D:propfind xmlns:D="DAV:"/>')
      .expect(400);
    const props = await owner('PROPFIND', book('friends/')).set('Depth', '0').expect(207);
    expect(props.text).toContain('<CR:addressbook/>');
    expect(props.text).toContain('<D:displayname>Friends</D:displayname>');
  });

  it('PROPPATCH changes display name, description and color, all or nothing', async () => {
    const patched = await owner('PROPPATCH', cal('family/'))
      .send(
        `<?xml version="1.0"?><D:propertyupdate ${NS}><D:set><D:prop><D:displayname>Our family</D:displayname>` +
          '<I:calendar-color>#ff0000</I:calendar-color><C:calendar-description>Everyone</C:calendar-description></D:prop></D:set></D:propertyupdate>',
      )
      .expect(207);
    expect(patched.text).toContain('HTTP/1.1 200 OK');
    const props = await owner('PROPFIND', cal('family/')).set('Depth', '0').expect(207);
    expect(props.text).toContain('<D:displayname>Our family</D:displayname>');
    expect(props.text).toContain('<I:calendar-color>#ff0000</I:calendar-color>');

    const refused = await owner('PROPPATCH', cal('family/'))
      .send(
        `<?xml version="1.0"?><D:propertyupdate ${NS}><D:set><D:prop><D:displayname>Never</D:displayname>` +
          '<D:resourcetype><D:collection/></D:resourcetype></D:prop></D:set></D:propertyupdate>',
      )
      .expect(207);
    expect(refused.text).toMatch(/<D:resourcetype\/><\/D:prop><D:status>HTTP\/1.1 403 Forbidden/);
    expect(refused.text).toMatch(
      /<D:displayname\/><\/D:prop><D:status>HTTP\/1.1 424 Failed Dependency/,
    );
    const after = await owner('PROPFIND', cal('family/')).set('Depth', '0').expect(207);
    expect(after.text).toContain('<D:displayname>Our family</D:displayname>');

    await owner('PROPPATCH', cal('family/'))
      .send(
        `<?xml version="1.0"?><D:propertyupdate ${NS}><D:set><D:prop><I:calendar-color>red</I:calendar-color></D:prop></D:set></D:propertyupdate>`,
      )
      .expect(400);
  });

  it('keeps personal collections to their owner, and shared ones read-only for others', async () => {
    // The member sees the household's collections, not the owner's personal ones.
    expect(await listed(cal(), asMember)).toEqual([cal('family/')]);
    await asMember('PROPFIND', cal('school/')).set('Depth', '0').expect(404);
    await asMember('PUT', cal('school/e.ics'))
      .send(vcalendar(vevent('e', ':20260101T100000Z', ':20260101T110000Z')))
      .expect(404);
    // The member writes to the shared Family collections.
    await asMember('PUT', book('family/m.vcf')).send(vcard('m', 'Member Card')).expect(201);

    await tenantQuery(
      testApp.db,
      fx.home.id,
      `UPDATE pim_collections SET shared_with_household = true WHERE name = 'school'`,
    );
    expect(await listed(cal(), asMember)).toEqual([cal('family/'), cal('school/')]);
    await asMember('PUT', cal('school/e.ics'))
      .send(vcalendar(vevent('e', ':20260101T100000Z', ':20260101T110000Z')))
      .expect(403);
    await asMember('DELETE', cal('school/')).expect(403);
    const privileges = await asMember('PROPFIND', cal('school/'))
      .set('Depth', '0')
      .send(
        '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:current-user-privilege-set/></D:prop></D:propfind>',
      )
      .expect(207);
    expect(privileges.text).toContain('<D:read/>');
    expect(privileges.text).not.toContain('<D:write/>');
  });

  it('DELETE removes a collection with its objects; the household Family needs an adult', async () => {
    await owner('PUT', cal('plain/e.ics'))
      .send(vcalendar(vevent('e', ':20260101T100000Z', ':20260101T110000Z')))
      .expect(201);
    await owner('DELETE', cal('plain/')).expect(204);
    await owner('PROPFIND', cal('plain/')).set('Depth', '0').expect(404);
    await owner('GET', cal('plain/e.ics')).expect(404);
    const rows = await tenantQuery<{ uid: string }>(
      testApp.db,
      fx.home.id,
      'SELECT uid FROM pim_objects',
    );
    expect(rows.map((row) => row.uid)).toEqual(['m']);

    const child = await createUser(testApp, { verified: true });
    await addMember(testApp, fx.home, child, 'child');
    await dav(testApp.server, 'DELETE', book('family/')).set(child.auth).expect(403);
    // A child writes to the Family collections and deletes its own objects, not others'.
    await dav(testApp.server, 'PUT', book('family/kid.vcf'))
      .set(child.auth)
      .send(vcard('kid', 'Kid Card'))
      .expect(201);
    await dav(testApp.server, 'DELETE', book('family/m.vcf')).set(child.auth).expect(403);
    await dav(testApp.server, 'DELETE', book('family/kid.vcf')).set(child.auth).expect(204);
    await owner('GET', book('family/m.vcf')).expect(200);
    await owner('PROPFIND', book('family/')).set('Depth', '0').expect(207);
    // The home itself and the principal cannot be deleted.
    await owner('DELETE', cal()).expect(403);
  });
});
