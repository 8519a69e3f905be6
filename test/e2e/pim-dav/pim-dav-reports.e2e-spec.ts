import { createTestApp, TestApp } from '../../harness/test-app';
import {
  addressbooksUrl,
  calendarsUrl,
  dav,
  DavFixture,
  hrefsOf,
  PARIS,
  pimDavFixture,
  putObject,
  responsesOf,
  vcalendar,
  vcard,
  vevent,
} from './pim-dav-fixture';

const NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav"';

const addressQuery = (filter: string, extra = '') =>
  `<?xml version="1.0"?><CR:addressbook-query ${NS}><D:prop><D:getetag/></D:prop><CR:filter${extra}>${filter}</CR:filter></CR:addressbook-query>`;
const textMatch = (prop: string, text: string, attributes = '') =>
  `<CR:prop-filter name="${prop}"><CR:text-match${attributes}>${text}</CR:text-match></CR:prop-filter>`;
const calendarQuery = (inner: string, prop = '<D:getetag/>') =>
  `<?xml version="1.0"?><C:calendar-query ${NS}><D:prop>${prop}</D:prop><C:filter><C:comp-filter name="VCALENDAR">${inner}</C:comp-filter></C:filter></C:calendar-query>`;
const timeRange = (start: string, end: string) =>
  `<C:comp-filter name="VEVENT"><C:time-range start="${start}" end="${end}"/></C:comp-filter>`;
const syncCollection = (token: string) =>
  `<?xml version="1.0"?><D:sync-collection ${NS}><D:sync-token>${token}</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`;

/** The REPORTs: multiget, addressbook-query, calendar-query with time ranges, sync-collection. */
describe('CardDAV / CalDAV reports', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  const book = (name = '') => addressbooksUrl(fx.home.slug, `family/${name}`);
  const cal = (name = '') => calendarsUrl(fx.home.slug, `family/${name}`);
  const report = (url: string, body: string) =>
    dav(testApp.server, 'REPORT', url)
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .set('Content-Type', 'application/xml')
      .send(body);
  /** The object names a report found (the last segment of each 200 response's href). */
  const found = (xml: string) =>
    responsesOf(xml)
      .filter((r) => r.includes('200 OK'))
      .map((r) => decodeURIComponent(hrefsOf(r)[0].split('/').pop() as string))
      .sort();
  const tokenOf = (xml: string) => /<D:sync-token>([^<]+)<\/D:sync-token>/.exec(xml)?.[1] as string;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimDavFixture(testApp, 'Reports home');
    const put = (url: string, body: string) =>
      putObject(testApp.server, fx.basic, url, body).expect(201);
    await put(
      book('alice.vcf'),
      vcard('alice', 'Alice Martin', ['TEL:06 12 34 56 78', 'EMAIL:alice@example.org']),
    );
    await put(
      book('bob.vcf'),
      vcard('bob', 'Bob Durand', ['EMAIL:Bob@Example.com', 'TEL:+1 415 555 2671']),
    );
    await put(book('élodie.vcf'), vcard('elodie', 'Élodie Lefèvre', [], '4.0'));
    await put(
      cal('piano.ics'),
      vcalendar(
        PARIS,
        vevent(
          'piano',
          ';TZID=Europe/Paris:20260302T170000',
          ';TZID=Europe/Paris:20260302T180000',
          [
            'RRULE:FREQ=WEEKLY;COUNT=10',
            'EXDATE;TZID=Europe/Paris:20260316T170000',
            'SUMMARY:Piano',
          ],
        ),
        vevent(
          'piano',
          ';TZID=Europe/Paris:20260324T170000',
          ';TZID=Europe/Paris:20260324T180000',
          ['RECURRENCE-ID;TZID=Europe/Paris:20260323T170000', 'SUMMARY:Piano moved'],
        ),
      ),
    );
    await put(
      cal('dentist.ics'),
      vcalendar(vevent('dentist', ':20260311T090000Z', ':20260311T093000Z', ['SUMMARY:Dentist'])),
    );
    await put(
      cal('holiday.ics'),
      vcalendar([
        'BEGIN:VEVENT',
        'UID:holiday',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;VALUE=DATE:20260714',
        'SUMMARY:Holiday',
        'END:VEVENT',
      ]),
    );
    await put(
      cal('milk.ics'),
      vcalendar([
        'BEGIN:VTODO',
        'UID:milk',
        'DTSTAMP:20260101T000000Z',
        'SUMMARY:Buy milk',
        'END:VTODO',
      ]),
    );
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('addressbook-multiget returns the asked cards and 404 for the others', async () => {
    const response = await report(
      book(),
      `<?xml version="1.0"?><CR:addressbook-multiget ${NS}><D:prop><D:getetag/><CR:address-data/></D:prop>` +
        `<D:href>${book('alice.vcf')}</D:href><D:href>http://foyer.test${book('bob.vcf')}</D:href>` +
        `<D:href>${book('nobody.vcf')}</D:href><D:href>${cal('piano.ics')}</D:href></CR:addressbook-multiget>`,
    ).expect(207);
    expect(found(response.text)).toEqual(['alice.vcf', 'bob.vcf']);
    expect(response.text).toContain('FN:Alice Martin&#13;');
    const missing = responsesOf(response.text).filter((r) => r.includes('404 Not Found'));
    expect(missing.map((r) => hrefsOf(r)[0])).toEqual([book('nobody.vcf'), cal('piano.ics')]);
  });

  it('addressbook-query matches names, emails and phones, case-insensitively', async () => {
    const run = async (filter: string, extra = '') =>
      found((await report(book(), addressQuery(filter, extra)).expect(207)).text);
    expect(await run(textMatch('FN', 'ALI'))).toEqual(['alice.vcf']);
    expect(await run(textMatch('FN', 'élodie', ' match-type="starts-with"'))).toEqual([
      'élodie.vcf',
    ]);
    expect(await run(textMatch('N', 'durand', ' match-type="equals"'))).toEqual(['bob.vcf']);
    expect(await run(textMatch('EMAIL', 'bob@example.com', ' match-type="equals"'))).toEqual([
      'bob.vcf',
    ]);
    expect(await run(textMatch('EMAIL', 'example', ' match-type="ends-with"'))).toEqual([]);
    // Phones match as written and in E.164.
    expect(await run(textMatch('TEL', '+3361234'))).toEqual(['alice.vcf']);
    expect(await run(textMatch('TEL', '415 555'))).toEqual(['bob.vcf']);
    expect(await run(textMatch('FN', 'martin', ' negate-condition="yes"'))).toEqual([
      'bob.vcf',
      'élodie.vcf',
    ]);
    expect(await run(textMatch('FN', 'alice') + textMatch('EMAIL', 'bob'))).toEqual([
      'alice.vcf',
      'bob.vcf',
    ]);
    expect(
      await run(textMatch('FN', 'alice') + textMatch('EMAIL', 'bob'), ' test="allof"'),
    ).toEqual([]);
    const limited = await report(
      book(),
      addressQuery(textMatch('FN', '')).replace(
        '</CR:filter>',
        '</CR:filter><CR:limit><CR:nresults>1</CR:nresults></CR:limit>',
      ),
    ).expect(207);
    expect(found(limited.text)).toHaveLength(1);
  });

  it('addressbook-query refuses filters and collations it does not serve', async () => {
    const filter = await report(book(), addressQuery(textMatch('NOTE', 'x'))).expect(403);
    expect(filter.text).toContain('<CR:supported-filter/>');
    const collation = await report(
      book(),
      addressQuery(textMatch('FN', 'x', ' collation="i;klingon"')),
    ).expect(403);
    expect(collation.text).toContain('<CR:supported-collation/>');
    await report(book(), '<not-xml').expect(400);
    await report(
      book(),
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><D:sync-collection xmlns:D="DAV:"/>',
    ).expect(400);
    await report(book(), `<?xml version="1.0"?><D:expand-property ${NS}/>`).expect(403);
    // A calendar report on an address book.
    await report(book(), calendarQuery('')).expect(403);
  });

  it('calendar-multiget returns calendar data, expanded when asked', async () => {
    const response = await report(
      cal(),
      `<?xml version="1.0"?><C:calendar-multiget ${NS}><D:prop><D:getetag/>` +
        '<C:calendar-data><C:expand start="20260320T000000Z" end="20260328T000000Z"/></C:calendar-data>' +
        `</D:prop><D:href>${cal('piano.ics')}</D:href><D:href>${cal('gone.ics')}</D:href></C:calendar-multiget>`,
    ).expect(207);
    expect(found(response.text)).toEqual(['piano.ics']);
    expect(response.text).toContain('RECURRENCE-ID:20260323T160000Z');
    expect(response.text).toContain('DTSTART:20260324T160000Z');
    expect(response.text).not.toContain('RRULE');
  });

  it('calendar-query with a time range expands recurrences, exceptions and overrides', async () => {
    const run = async (inner: string) =>
      found((await report(cal(), calendarQuery(inner)).expect(207)).text);
    expect(await run(timeRange('20260301T000000Z', '20260401T000000Z'))).toEqual([
      'dentist.ics',
      'piano.ics',
    ]);
    // Only the excluded instance (16 March, 17:00 Paris = 16:00 UTC) falls in this hour.
    expect(await run(timeRange('20260316T160000Z', '20260316T170000Z'))).toEqual([]);
    // The moved instance: on the 24th, not the 23rd.
    expect(await run(timeRange('20260323T000000Z', '20260324T000000Z'))).toEqual([]);
    expect(await run(timeRange('20260324T000000Z', '20260325T000000Z'))).toEqual(['piano.ics']);
    // The tenth (last) instance is on 4 May (summer time).
    expect(await run(timeRange('20260504T150000Z', '20260504T153000Z'))).toEqual(['piano.ics']);
    expect(await run(timeRange('20260511T000000Z', '20260601T000000Z'))).toEqual([]);
    // All-day: the whole of 14 July.
    expect(await run(timeRange('20260714T220000Z', '20260714T230000Z'))).toEqual(['holiday.ics']);
    expect(await run('<C:comp-filter name="VTODO"/>')).toEqual(['milk.ics']);
    expect(await run('<C:comp-filter name="VEVENT"/>')).toEqual([
      'dentist.ics',
      'holiday.ics',
      'piano.ics',
    ]);
    expect(
      await run(
        '<C:comp-filter name="VEVENT"><C:prop-filter name="SUMMARY"><C:text-match>dent</C:text-match></C:prop-filter></C:comp-filter>',
      ),
    ).toEqual(['dentist.ics']);
    expect(
      await run(
        '<C:comp-filter name="VEVENT"><C:prop-filter name="UID"><C:text-match collation="i;octet" match-type="equals">PIANO</C:text-match></C:prop-filter></C:comp-filter>',
      ),
    ).toEqual([]);
  });

  it('calendar-query refuses malformed filters', async () => {
    await report(cal(), calendarQuery(timeRange('yesterday', '20260101T000000Z'))).expect(400);
    await report(cal(), calendarQuery(timeRange('20260201T000000Z', '20260101T000000Z'))).expect(
      400,
    );
    await report(
      cal(),
      `<?xml version="1.0"?><C:calendar-query ${NS}><D:prop/><C:filter><C:comp-filter name="VEVENT"/></C:filter></C:calendar-query>`,
    ).expect(403);
  });

  it('sync-collection reports changes and deletions since a token, and refuses unknown tokens', async () => {
    const first = await report(book(), syncCollection('')).expect(207);
    expect(found(first.text)).toEqual(['alice.vcf', 'bob.vcf', 'élodie.vcf']);
    const token = tokenOf(first.text);
    expect(token).toMatch(/^urn:foyer:sync:/);

    const quiet = await report(book(), syncCollection(token)).expect(207);
    expect(responsesOf(quiet.text)).toEqual([]);
    expect(tokenOf(quiet.text)).toBe(token);

    await putObject(testApp.server, fx.basic, book('dan.vcf'), vcard('dan', 'Dan Roux')).expect(
      201,
    );
    await putObject(
      testApp.server,
      fx.basic,
      book('bob.vcf'),
      vcard('bob', 'Robert Durand'),
    ).expect(204);
    await dav(testApp.server, 'DELETE', book('alice.vcf'))
      .set('Authorization', fx.basic)
      .expect(204);
    const changes = await report(book(), syncCollection(token)).expect(207);
    expect(found(changes.text)).toEqual(['bob.vcf', 'dan.vcf']);
    const deleted = responsesOf(changes.text).filter((r) => r.includes('404 Not Found'));
    expect(deleted.map((r) => hrefsOf(r)[0])).toEqual([book('alice.vcf')]);
    const next = tokenOf(changes.text);
    expect(next).not.toBe(token);

    const ctag = await dav(testApp.server, 'PROPFIND', book())
      .set('Authorization', fx.basic)
      .set('Depth', '0')
      .send(
        `<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:prop><CS:getctag/><D:sync-token/></D:prop></D:propfind>`,
      )
      .expect(207);
    expect(ctag.text).toContain(`<D:sync-token>${next}</D:sync-token>`);
    expect(ctag.text).toMatch(/<CS:getctag>6<\/CS:getctag>/);

    for (const bad of [
      'nonsense',
      `${next}0`,
      token.replace(/:[0-9a-f-]{36}:/, ':00000000-0000-0000-0000-000000000000:'),
    ]) {
      const refused = await report(book(), syncCollection(bad)).expect(403);
      expect(refused.text).toContain('<D:valid-sync-token/>');
    }
    // A token of the calendar is not the address book's.
    const calendarToken = tokenOf((await report(cal(), syncCollection('')).expect(207)).text);
    await report(book(), syncCollection(calendarToken)).expect(403);
  });

  it('PROPFIND Depth 1 on a collection lists objects with their ETags and types', async () => {
    const response = await dav(testApp.server, 'PROPFIND', cal())
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .send(
        '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:getcontenttype/><D:resourcetype/><D:nosuch/></D:prop></D:propfind>',
      )
      .expect(207);
    const responses = responsesOf(response.text);
    expect(responses).toHaveLength(5);
    const piano = responses.find((r) => r.includes('piano.ics')) as string;
    expect(piano).toMatch(/<D:getetag>&quot;[^&<]+&quot;<\/D:getetag>/);
    expect(piano).toContain('<D:getcontenttype>text/calendar; charset=utf-8</D:getcontenttype>');
    expect(piano).toMatch(/<D:nosuch\/><\/D:prop><D:status>HTTP\/1.1 404 Not Found/);
  });
});
