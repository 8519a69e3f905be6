import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { addressbooksUrl, calendarsUrl } from '../pim-dav/pim-dav-fixture';
import { dav, DavFixture, davFixture, davUrl } from './dav-fixture';

const NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav"';

/** `<x:p0 xmlns:x="urn:x"/>…`: n distinct properties. */
const props = (n: number) =>
  Array.from({ length: n }, (_, i) => `<x:p${i} xmlns:x="urn:x"/>`).join('');

/**
 * PROPFIND amplification and its siblings: whatever a DAV request's answer or work grows with
 * (properties asked for, hrefs, elements, body bytes) is capped, and refused past the cap with
 * 413 before any of the work is done.
 */
describe('dav: request limits', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await davFixture(testApp, 'Limits home');
  });
  afterAll(() => testApp?.close());

  const call = (method: string, url: string, body: string) =>
    dav(testApp.server, method, url)
      .set('Authorization', fx.basic)
      .set('Depth', '1')
      .set('Content-Type', 'application/xml')
      .send(body);

  it('PROPFIND: 256 properties are answered, 257 are 413, a 960 KB body is 413', async () => {
    const ok = await call(
      'PROPFIND',
      davUrl(fx.home.slug, '/'),
      `<D:propfind ${NS}><D:prop>${props(256)}</D:prop></D:propfind>`,
    ).expect(207);
    expect(ok.text).toContain('<p255 xmlns="urn:x"/>');
    // Streamed: no Content-Length, the multistatus goes out one response at a time.
    expect(ok.headers['content-length']).toBeUndefined();
    expect(ok.headers['transfer-encoding']).toBe('chunked');

    const tooMany = await call(
      'PROPFIND',
      davUrl(fx.home.slug, '/'),
      `<D:propfind ${NS}><D:prop>${props(257)}</D:prop></D:propfind>`,
    ).expect(413);
    expect(tooMany.text).toContain('DAV_REQUEST_TOO_COMPLEX');

    // The attack: 80,000 properties in 960 KB.
    const huge = `<D:propfind ${NS}><D:prop>${'<x:a xmlns:x="urn:x"/>'.repeat(43000)}</D:prop></D:propfind>`;
    expect(huge.length).toBeGreaterThan(900_000);
    const refused = await call('PROPFIND', davUrl(fx.home.slug, '/'), huge).expect(413);
    expect(refused.text).toContain('DAV_BODY_TOO_LARGE');
    await request(testApp.server).get('/health').expect(200);
  });

  it('PROPPATCH and LOCK bodies are capped the same way', async () => {
    await request(testApp.server)
      .put(davUrl(fx.home.slug, '/limits.txt'))
      .set('Authorization', fx.basic)
      .send('x')
      .expect(201);
    const sets = Array.from({ length: 257 }, (_, i) => `<x:p${i} xmlns:x="urn:x">v</x:p${i}>`);
    await call(
      'PROPPATCH',
      davUrl(fx.home.slug, '/limits.txt'),
      `<D:propertyupdate ${NS}><D:set><D:prop>${sets.join('')}</D:prop></D:set></D:propertyupdate>`,
    ).expect(413);
    await call(
      'LOCK',
      davUrl(fx.home.slug, '/limits.txt'),
      `<D:lockinfo ${NS}><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>${'<D:x/>'.repeat(5000)}</D:owner></D:lockinfo>`,
    ).expect(413);
    await call(
      'LOCK',
      davUrl(fx.home.slug, '/limits.txt'),
      `<D:lockinfo ${NS}>${'<D:x>'.repeat(40)}${'</D:x>'.repeat(40)}</D:lockinfo>`,
    ).expect(413);
    // What the tables keep is bounded too: refused before, never a database error after.
    const proppatch = (prop: string, path = '/limits.txt') =>
      call(
        'PROPPATCH',
        davUrl(fx.home.slug, path),
        `<D:propertyupdate ${NS}><D:set><D:prop>${prop}</D:prop></D:set></D:propertyupdate>`,
      );
    await proppatch(`<x:big xmlns:x="urn:x">${'v'.repeat(65536)}</x:big>`).expect(207);
    await proppatch(`<x:big xmlns:x="urn:x">${'v'.repeat(65537)}</x:big>`).expect(413);
    await proppatch(`<x:${'n'.repeat(256)} xmlns:x="urn:x">v</x:${'n'.repeat(256)}>`).expect(413);
    await proppatch(`<x:n xmlns:x="urn:${'x'.repeat(1100)}">v</x:n>`).expect(413);
    // What one file keeps in all: 256 KiB of dead properties (a PROPFIND allprop answers them all).
    await request(testApp.server)
      .put(davUrl(fx.home.slug, '/budget.txt'))
      .set('Authorization', fx.basic)
      .send('x')
      .expect(201);
    const value = 'v'.repeat(60_000);
    for (const name of ['a', 'b', 'c', 'd']) {
      await proppatch(`<x:${name} xmlns:x="urn:x">${value}</x:${name}>`, '/budget.txt').expect(207);
    }
    const full = await proppatch(`<x:e xmlns:x="urn:x">${value}</x:e>`, '/budget.txt').expect(507);
    expect(full.text).toContain('DAV_TOO_MANY_PROPERTIES');
    const kept = await call(
      'PROPFIND',
      davUrl(fx.home.slug, '/budget.txt'),
      `<D:propfind ${NS}><D:prop><x:d xmlns:x="urn:x"/><x:e xmlns:x="urn:x"/></D:prop></D:propfind>`,
    )
      .set('Depth', '0')
      .expect(207);
    expect(kept.text).toContain(value);
    expect(kept.text).toMatch(/<e xmlns="urn:x"\/>.*404 Not Found/s);
    // Replacing one within the budget is fine.
    await proppatch(`<x:a xmlns:x="urn:x">small</x:a>`, '/budget.txt').expect(207);
    await call(
      'LOCK',
      davUrl(fx.home.slug, '/limits.txt'),
      `<D:lockinfo ${NS}><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>${'o'.repeat(4097)}</D:owner></D:lockinfo>`,
    ).expect(413);
  });

  it('CalDAV/CardDAV: REPORT properties and multiget hrefs are capped; PROPFIND too', async () => {
    const book = addressbooksUrl(fx.home.slug, 'family/');
    const cal = calendarsUrl(fx.home.slug, 'family/');
    const hrefs = (n: number) =>
      Array.from({ length: n }, (_, i) => `<D:href>${book}c${i}.vcf</D:href>`).join('');
    const within = await call(
      'REPORT',
      book,
      `<CR:addressbook-multiget ${NS}><D:prop><D:getetag/></D:prop>${hrefs(1000)}</CR:addressbook-multiget>`,
    ).expect(207);
    expect(within.text.match(/404 Not Found/g)).toHaveLength(1000);
    await call(
      'REPORT',
      book,
      `<CR:addressbook-multiget ${NS}><D:prop><D:getetag/></D:prop>${hrefs(1001)}</CR:addressbook-multiget>`,
    ).expect(413);
    await call(
      'REPORT',
      cal,
      `<C:calendar-query ${NS}><D:prop>${props(257)}</D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>`,
    ).expect(413);
    await call(
      'PROPFIND',
      cal,
      `<D:propfind ${NS}><D:prop>${props(257)}</D:prop></D:propfind>`,
    ).expect(413);
    await request(testApp.server).get('/health').expect(200);
  });
});
