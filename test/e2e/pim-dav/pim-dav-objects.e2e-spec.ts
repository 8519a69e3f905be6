import request from 'supertest';
import { setHouseholdStatus } from '../../factories/household.factory';
import { tenantQuery } from '../households/provisioning-helpers';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  addressbooksUrl,
  calendarsUrl,
  dav,
  DavFixture,
  PARIS,
  pimDavFixture,
  putObject,
  vcalendar,
  vcard,
  vevent,
} from './pim-dav-fixture';

/** GET/PUT/DELETE of contacts and events, ETags and preconditions, and every refusal. */
describe('CardDAV / CalDAV objects', () => {
  let testApp: TestApp;
  let fx: DavFixture;
  let stranger: DavFixture;

  const book = (name = '') => addressbooksUrl(fx.home.slug, `family/${name}`);
  const cal = (name = '') => calendarsUrl(fx.home.slug, `family/${name}`);
  const put = (url: string, body: string, auth = fx.basic) =>
    putObject(testApp.server, auth, url, body);
  const objectCount = async (household = fx.home.id) => {
    const rows = await tenantQuery<{ count: string }>(
      testApp.db,
      household,
      'SELECT count(*)::text AS count FROM pim_objects',
    );
    return Number(rows[0].count);
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimDavFixture(testApp, 'Objects home');
    stranger = await pimDavFixture(testApp, 'Stranger home');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('stores a vCard as sent and serves it back with its ETag', async () => {
    const text = vcard('alice', 'Alice Martin', ['TEL:06 12 34 56 78', 'EMAIL:alice@example.org']);
    const created = await put(book('alice.vcf'), text).expect(201);
    const etag = created.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const got = await request(testApp.server)
      .get(book('alice.vcf'))
      .set('Authorization', fx.basic)
      .buffer(true)
      .parse(text_)
      .expect(200);
    expect(got.body).toBe(text);
    expect(got.headers.etag).toBe(etag);
    expect(got.headers['content-type']).toMatch(/^text\/vcard/);
    const head = await request(testApp.server)
      .head(book('alice.vcf'))
      .set('Authorization', fx.basic)
      .expect(200);
    expect(head.headers.etag).toBe(etag);
    const rows = await tenantQuery<{ phones_e164: string[]; emails: string[] }>(
      testApp.db,
      fx.home.id,
      `SELECT phones_e164, emails FROM pim_objects WHERE uid = 'alice'`,
    );
    expect(rows[0]).toEqual({ phones_e164: ['+33612345678'], emails: ['alice@example.org'] });
  });

  it('stores an event with a time zone and a recurrence', async () => {
    const text = vcalendar(
      PARIS,
      vevent('weekly', ';TZID=Europe/Paris:20260320T090000', ';TZID=Europe/Paris:20260320T100000', [
        'RRULE:FREQ=WEEKLY;COUNT=3',
        'SUMMARY:Weekly',
      ]),
    );
    await put(cal('weekly.ics'), text).expect(201);
    const rows = await tenantQuery<{ dtstart: Date; recurring: boolean; range_end: Date }>(
      testApp.db,
      fx.home.id,
      `SELECT dtstart, recurring, range_end FROM pim_objects WHERE uid = 'weekly'`,
    );
    expect(rows[0].dtstart.toISOString()).toBe('2026-03-20T08:00:00.000Z');
    expect(rows[0].recurring).toBe(true);
    // The third instance, on 3 April, is in summer time.
    expect(rows[0].range_end.toISOString()).toBe('2026-04-03T08:00:00.000Z');
  });

  it('honours If-None-Match: * and If-Match, with 412 when they do not hold', async () => {
    const text = vcard('bob', 'Bob Durand');
    const created = await put(book('bob.vcf'), text).set('If-None-Match', '*').expect(201);
    const etag = created.headers.etag as string;
    await put(book('bob.vcf'), vcard('bob', 'Bob Again')).set('If-None-Match', '*').expect(412);
    await put(book('bob.vcf'), vcard('bob', 'Bob Stale')).set('If-Match', '"stale"').expect(412);
    await put(book('nobody.vcf'), vcard('nobody', 'No One')).set('If-Match', etag).expect(412);
    const updated = await put(book('bob.vcf'), vcard('bob', 'Robert Durand'))
      .set('If-Match', etag)
      .expect(204);
    expect(updated.headers.etag).not.toBe(etag);
    await dav(testApp.server, 'DELETE', book('bob.vcf'))
      .set('Authorization', fx.basic)
      .set('If-Match', etag)
      .expect(412);
    await dav(testApp.server, 'DELETE', book('bob.vcf'))
      .set('Authorization', fx.basic)
      .set('If-Match', updated.headers.etag as string)
      .expect(204);
    await request(testApp.server).get(book('bob.vcf')).set('Authorization', fx.basic).expect(404);
    await dav(testApp.server, 'DELETE', book('bob.vcf')).set('Authorization', fx.basic).expect(404);
  });

  it('refuses malformed objects with the RFC preconditions, storing nothing', async () => {
    const before = await objectCount();
    const cases: [string, string, string][] = [
      [
        book('bad1.vcf'),
        'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No uid\r\nEND:VCARD\r\n',
        'CR:valid-address-data',
      ],
      [book('bad2.vcf'), 'this is not a vcard', 'CR:valid-address-data'],
      [
        book('bad3.vcf'),
        vcalendar(vevent('x', ':20260101T100000Z', ':20260101T110000Z')),
        'CR:supported-address-data',
      ],
      [
        cal('bad4.ics'),
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n',
        'C:valid-calendar-data',
      ],
      [
        cal('bad5.ics'),
        vcalendar(
          vevent('a', ':20260101T100000Z', ':20260101T110000Z'),
          vevent('b', ':20260101T100000Z', ':20260101T110000Z'),
        ),
        'C:valid-calendar-data',
      ],
      [cal('bad6.ics'), vcard('v', 'A Card'), 'C:supported-calendar-data'],
      [
        cal('bad7.ics'),
        vcalendar(['BEGIN:VJOURNAL', 'UID:j', 'DTSTAMP:20260101T000000Z', 'END:VJOURNAL']),
        'C:supported-calendar-component',
      ],
    ];
    for (const [url, body, condition] of cases) {
      const response = await put(url, body).expect(403);
      expect(response.text).toContain(`<${condition}/>`);
    }
    expect(await objectCount()).toBe(before);
  });

  it('refuses a UID already used at another href, and a UID change, with no-uid-conflict', async () => {
    await put(book('carol.vcf'), vcard('carol', 'Carol Petit')).expect(201);
    const reused = await put(book('carol-copy.vcf'), vcard('carol', 'Carol Copy')).expect(409);
    expect(reused.text).toContain('<CR:no-uid-conflict/>');
    const changed = await put(book('carol.vcf'), vcard('not-carol', 'Someone Else')).expect(409);
    expect(changed.text).toContain('<CR:no-uid-conflict/>');
    await put(
      cal('e1.ics'),
      vcalendar(vevent('e1', ':20260101T100000Z', ':20260101T110000Z')),
    ).expect(201);
    const event = await put(
      cal('e1-again.ics'),
      vcalendar(vevent('e1', ':20260101T100000Z', ':20260101T110000Z')),
    ).expect(409);
    expect(event.text).toContain('<C:no-uid-conflict/>');
    await request(testApp.server)
      .get(book('carol-copy.vcf'))
      .set('Authorization', fx.basic)
      .expect(404);
  });

  it('refuses bodies over 1 MiB with 413 and stores nothing', async () => {
    const before = await objectCount();
    const huge = vcard('huge', 'Huge Card', [`NOTE:${'x'.repeat(1024 * 1024 + 10)}`]);
    await put(book('huge.vcf'), huge).expect(413);
    const hugeXml = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>${'<d:displayname/>'.repeat(80000)}</d:prop></d:propfind>`;
    await dav(testApp.server, 'PROPFIND', book())
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .send(hugeXml)
      .expect(413);
    expect(await objectCount()).toBe(before);
  });

  it('answers 404 for unknown collections and for another household, whatever the method', async () => {
    const foreign = addressbooksUrl(stranger.home.slug, 'family/');
    await put(`${foreign}x.vcf`, vcard('x', 'X Y')).expect(404);
    await request(testApp.server).get(`${foreign}x.vcf`).set('Authorization', fx.basic).expect(404);
    await dav(testApp.server, 'PROPFIND', foreign)
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .expect(404);
    await dav(testApp.server, 'DELETE', foreign).set('Authorization', fx.basic).expect(404);
    await dav(testApp.server, 'PROPFIND', addressbooksUrl(stranger.home.slug))
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .expect(404);
    await put(addressbooksUrl(fx.home.slug, 'nope/x.vcf'), vcard('x', 'X Y')).expect(404);
    await dav(testApp.server, 'PROPFIND', calendarsUrl(fx.home.slug, 'nope/'))
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .expect(404);
    await dav(testApp.server, 'PROPFIND', `/dav/principals/${stranger.owner.id}/`)
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .expect(404);
    // The stranger's own data is untouched and still theirs.
    expect(await objectCount(stranger.home.id)).toBe(0);
  });

  it('refuses changes to a read-only household with 403, and still serves reads', async () => {
    const ro = await pimDavFixture(testApp, 'Read-only home');
    const url = addressbooksUrl(ro.home.slug, 'family/a.vcf');
    await put(url, vcard('a', 'A B'), ro.basic).expect(201);
    await setHouseholdStatus(testApp, ro.home, 'suspended');
    await put(url, vcard('a', 'A Changed'), ro.basic).expect(403);
    await put(addressbooksUrl(ro.home.slug, 'family/b.vcf'), vcard('b', 'B C'), ro.basic).expect(
      403,
    );
    await dav(testApp.server, 'DELETE', url).set('Authorization', ro.basic).expect(403);
    await dav(testApp.server, 'MKCALENDAR', calendarsUrl(ro.home.slug, 'new/'))
      .set('Authorization', ro.basic)
      .expect(403);
    const got = await request(testApp.server)
      .get(url)
      .set('Authorization', ro.basic)
      .buffer(true)
      .parse(text_)
      .expect(200);
    expect(got.body).toContain('FN:A B');
  });

  it('refuses unknown methods with 405 and PUT on a collection', async () => {
    await dav(testApp.server, 'LOCK', book()).set('Authorization', fx.basic).expect(405);
    await put(book(), vcard('z', 'Z Z')).expect(405);
  });
});

/** Keeps any body as text (supertest leaves text/vcard unparsed otherwise). */
function text_(response: request.Response, callback: (error: Error | null, body: string) => void) {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => callback(null, text));
}
