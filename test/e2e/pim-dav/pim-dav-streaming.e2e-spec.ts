import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { PimObjectRepository } from '../../../libs/pim/src/repositories/pim-object.repository';
import {
  calendarsUrl,
  dav,
  DavFixture,
  hrefsOf,
  pimDavFixture,
  putObject,
  responsesOf,
  vcalendar,
  vevent,
} from './pim-dav-fixture';

const NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav"';
/** What every multistatus of CardDAV / CalDAV starts with (the prefixes clients have seen). */
const OPEN =
  '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/" xmlns:I="http://apple.com/ns/ical/">';

/** More than two pages (of 100) of objects, each large enough that the answer spans many writes. */
const COUNT = 230;
const name = (i: number) => `ev-${String(i).padStart(3, '0')}.ics`;
const body = (i: number) =>
  vcalendar(
    vevent(`ev-${i}`, ':20260301T100000Z', ':20260301T110000Z', [
      `SUMMARY:Event ${i}`,
      `DESCRIPTION:${'x'.repeat(1500)}`,
    ]),
  );

/**
 * CardDAV / CalDAV answers are streamed (chunked, no Content-Length) while objects are read a
 * page at a time; the XML of a small answer is byte for byte what it was when built whole; a
 * failure after the first bytes cuts the connection and leaves the server serving.
 */
describe('CardDAV / CalDAV streamed answers', () => {
  let testApp: TestApp;
  let fx: DavFixture;
  let repository: PimObjectRepository;

  const cal = (rest = '') => calendarsUrl(fx.home.slug, `streamed/${rest}`);
  const send = (method: string, url: string, xml: string, depth = '1') =>
    dav(testApp.server, method, url)
      .set('Authorization', fx.basic)
      .set('Depth', depth)
      .set('Content-Type', 'application/xml')
      .send(xml);
  const multiget = (hrefs: string[], prop = '<D:getetag/><C:calendar-data/>') =>
    `<?xml version="1.0"?><C:calendar-multiget ${NS}><D:prop>${prop}</D:prop>${hrefs
      .map((h) => `<D:href>${h}</D:href>`)
      .join('')}</C:calendar-multiget>`;
  const allHrefs = () => Array.from({ length: COUNT }, (_, i) => cal(name(i)));

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimDavFixture(testApp, 'Streaming home');
    repository = testApp.app.get(PimObjectRepository);
    await dav(testApp.server, 'MKCALENDAR', cal()).set('Authorization', fx.basic).expect(201);
    for (let start = 0; start < COUNT; start += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, COUNT - start) }, (_, k) =>
          putObject(testApp.server, fx.basic, cal(name(start + k)), body(start + k)).expect(201),
        ),
      );
    }
  }, 120_000);

  afterAll(() => testApp.close());
  afterEach(() => jest.restoreAllMocks());

  it('streams a large multiget, reading the objects 100 at a time, in the order asked', async () => {
    const read = jest.spyOn(repository, 'findByHrefs');
    const hrefs = [...allHrefs()].reverse();
    hrefs.splice(5, 0, cal('missing.ics'));
    const res = await send('REPORT', cal(), multiget(hrefs)).expect(207);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.text.startsWith(OPEN)).toBe(true);
    expect(res.text.endsWith('</D:multistatus>')).toBe(true);
    expect(responsesOf(res.text).map((r) => hrefsOf(r)[0])).toEqual(hrefs);
    expect(responsesOf(res.text)[5]).toContain('404 Not Found');
    expect(res.text.match(/x{1500}/g)).toHaveLength(COUNT);
    const pages = read.mock.calls.map(([, , asked]) => asked.length);
    expect(pages).toEqual([100, 100, 31]);
  });

  it('reads a PROPFIND of the members and a calendar-query a page at a time', async () => {
    const list = jest.spyOn(repository, 'list');
    const propfind = await send(
      'PROPFIND',
      cal(),
      `<?xml version="1.0"?><D:propfind ${NS}><D:prop><D:getetag/></D:prop></D:propfind>`,
    ).expect(207);
    expect(responsesOf(propfind.text)).toHaveLength(COUNT + 1);
    expect(list.mock.calls.map(([, , options]) => options?.limit)).toEqual([100, 100, 100]);

    const inRange = jest.spyOn(repository, 'inRange');
    const query = await send(
      'REPORT',
      cal(),
      `<?xml version="1.0"?><C:calendar-query ${NS}><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20260301T000000Z" end="20260302T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`,
    ).expect(207);
    expect(responsesOf(query.text)).toHaveLength(COUNT);
    expect(inRange.mock.calls.map(([, , , , page]) => page?.offset ?? 0)).toEqual([0, 100, 200]);
  });

  it('answers a small multiget with exactly the XML it always had', async () => {
    const etag = (
      await request(testApp.server)
        .get(cal(name(1)))
        .set('Authorization', fx.basic)
    ).headers.etag as string;
    const res = await send(
      'REPORT',
      cal(),
      multiget([cal(name(1)), cal('gone.ics')], '<D:getetag/><D:displayname/>'),
    ).expect(207);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.text).toBe(
      `${OPEN}<D:response><D:href>${cal(name(1))}</D:href><D:propstat><D:prop><D:getetag>${etag.replace(/"/g, '&quot;')}</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat><D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>` +
        `<D:response><D:href>${cal('gone.ics')}</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response></D:multistatus>`,
    );
  });

  it('cuts the connection when a page fails after the answer has started, and keeps serving', async () => {
    const real = repository.findByHrefs.bind(repository);
    let calls = 0;
    jest.spyOn(repository, 'findByHrefs').mockImplementation((...args) => {
      calls += 1;
      if (calls === 3) return Promise.reject(new Error('database gone'));
      return real(...args);
    });
    await expect(send('REPORT', cal(), multiget(allHrefs()))).rejects.toThrow();
    expect(calls).toBe(3);
    jest.restoreAllMocks();
    const after = await send('REPORT', cal(), multiget([cal(name(0))])).expect(207);
    expect(responsesOf(after.text)).toHaveLength(1);
  });

  it('still refuses before streaming: a bad range is a 400, a foreign report a 403', async () => {
    await send(
      'REPORT',
      cal(),
      `<?xml version="1.0"?><C:calendar-query ${NS}><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20260302T000000Z" end="20260301T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`,
    ).expect(400);
    await send(
      'REPORT',
      cal(),
      `<?xml version="1.0"?><CR:addressbook-multiget ${NS}><D:prop><D:getetag/></D:prop><D:href>${cal(name(0))}</D:href></CR:addressbook-multiget>`,
    ).expect(403);
  });
});
