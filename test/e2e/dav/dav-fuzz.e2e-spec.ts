import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { dav, DavFixture, davFixture } from './dav-fixture';

/** Each property runs this many cases: enough to reach odd corners, bounded for CI. */
const RUNS = 60;
/** A request that takes longer than this is a hang, not slowness. */
const REQUEST_TIMEOUT_MS = 10_000;

const DAV_METHODS = ['PROPFIND', 'PROPPATCH', 'LOCK', 'REPORT', 'MKCOL', 'MKCALENDAR'] as const;
const NAMESPACES = [
  'DAV:',
  'urn:ietf:params:xml:ns:caldav',
  'urn:ietf:params:xml:ns:carddav',
  'http://owncloud.org/ns',
  'urn:x',
  '',
];
const LOCALS = [
  'propfind',
  'prop',
  'allprop',
  'propname',
  'propertyupdate',
  'set',
  'remove',
  'lockinfo',
  'lockscope',
  'locktype',
  'exclusive',
  'shared',
  'write',
  'owner',
  'href',
  'getlastmodified',
  'lastmodified',
  'getetag',
  'resourcetype',
  'calendar-query',
  'calendar-multiget',
  'addressbook-multiget',
  'addressbook-query',
  'sync-collection',
  'sync-token',
  'sync-level',
  'filter',
  'comp-filter',
  'prop-filter',
  'text-match',
  'time-range',
  'calendar-data',
  'expand',
  'limit',
  'nresults',
  'mkcol',
  'mkcalendar',
  'displayname',
  'x',
];

/** Text that parsers trip on: odd unicode, entities, NUL and control characters, markup. */
const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    '\u202e\u200b',
    '&amp;&#0;&#x110000;&lt;',
    '&ent;',
    ']]>',
    '<![CDATA[x]]>',
    '20260101T000000Z',
    '19700101T000000Z',
    'Sun, 06 Nov 1994 08:49:37 GMT',
    '-99999999999',
    '1700000000',
    'VCALENDAR',
    'i;octet',
    '😀'.repeat(50),
    'é'.normalize('NFD'),
  ),
);

interface XmlNode {
  ns: number;
  local: string;
  attrs: [string, string][];
  text: string;
  children: XmlNode[];
}

/** A tree of at most `depth` levels below this one (bounded, so generation stays small). */
function xmlNodeOf(depth: number): fc.Arbitrary<XmlNode> {
  return fc.record({
    ns: fc.nat({ max: NAMESPACES.length - 1 }),
    local: fc.constantFrom(...LOCALS),
    attrs: fc.array(
      fc.tuple(
        fc.constantFrom('name', 'start', 'end', 'collation', 'match-type', 'test', 'x'),
        oddText,
      ),
      { maxLength: 3 },
    ),
    text: oddText,
    children: depth > 0 ? fc.array(xmlNodeOf(depth - 1), { maxLength: 4 }) : fc.constant([]),
  });
}
const xmlNode = xmlNodeOf(4);

function escapeAttr(value: string): string {
  return value
    .replace(/&(?![a-z#0-9]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;');
}

/** Well-formed-ish XML from a tree: prefixes declared (sometimes wrongly), text escaped (mostly). */
function render(node: XmlNode, declare: boolean): string {
  const ns = NAMESPACES[node.ns];
  const prefix = `p${node.ns}`;
  const declaration = declare ? ` xmlns:${prefix}="${ns}"` : '';
  const attrs = node.attrs.map(([key, value]) => ` ${key}="${escapeAttr(value)}"`).join('');
  const inner = node.children.map((child) => render(child, child.ns !== node.ns)).join('');
  return `<${prefix}:${node.local}${declaration}${attrs}>${escapeAttr(node.text)}${inner}</${prefix}:${node.local}>`;
}

/** The root elements the methods take, around generated content, so bodies get past the root check. */
const ROOTS = [
  'D:propfind',
  'D:propertyupdate',
  'D:lockinfo',
  'C:calendar-query',
  'C:calendar-multiget',
  'CR:addressbook-multiget',
  'CR:addressbook-query',
  'D:sync-collection',
  'D:mkcol',
  'C:mkcalendar',
];
const ROOT_NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav"';

const xmlBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROOTS), fc.array(xmlNodeOf(3), { maxLength: 4 }))
      .map(
        ([root, children]) =>
          `<${root} ${ROOT_NS}>${children.map((child) => render(child, true)).join('')}</${root}>`,
      ),
  },
  {
    weight: 6,
    arbitrary: xmlNode.map(
      (node) => `<?xml version="1.0" encoding="utf-8"?>\n${render(node, true)}`,
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '<',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      '<D:propfind xmlns:D="DAV:"><D:prop><bar:foo xmlns:bar=""/></D:prop></D:propfind>',
      `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`,
      `<D:propfind xmlns:D="DAV:"><D:prop>${'<D:getetag/>'.repeat(3000)}</D:prop></D:propfind>`,
    ),
  },
);

/** Path segments, raw (already as they go on the wire): traversal, encoded slashes, NUL, long. */
const rawSegment = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E',
    '%2F',
    'a%2Fb',
    '%5C..%5C',
    '%00',
    'a%00b',
    '%',
    '%zz',
    '%C0%AF',
    '%FF%FE',
    '#frag',
    '?x=1',
    '',
    'x'.repeat(300),
    encodeURIComponent('é'.repeat(200)),
    encodeURIComponent('\u202e\u200b'),
    'Photos',
    'family',
    'family.ics',
  ),
);
const rawPath = fc.array(rawSegment, { maxLength: 5 }).map((segments) => segments.join('/'));

/**
 * Outside input to WebDAV, CalDAV and CardDAV, generated: XML bodies on every method that takes
 * one, paths and names, and the headers the DAV layer reads. The server answers with a 2xx, a
 * 207 or a 4xx — never a 5xx, never a hang — and `/health` answers afterwards.
 */
describe('dav: fuzzing bodies, paths and headers', () => {
  let testApp: TestApp;
  let fx: DavFixture;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await davFixture(testApp, 'Fuzz home');
  });
  afterAll(async () => {
    await testApp?.close();
  });
  afterEach(async () => {
    await request(testApp.server).get('/health').timeout(REQUEST_TIMEOUT_MS).expect(200);
  });

  const roots = () => [
    `/dav/files/${fx.home.slug}/`,
    `/dav/files/${fx.home.slug}/Photos/`,
    `/dav/calendars/${fx.home.slug}/family/`,
    `/dav/addressbooks/${fx.home.slug}/family/`,
    `/dav/calendars/${fx.home.slug}/`,
    '/dav/',
  ];

  const send = async (test: request.Test): Promise<number> => {
    const answer = await test.timeout(REQUEST_TIMEOUT_MS).ok(() => true);
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    return answer.status;
  };
  const acceptable = (status: number) => status >= 200 && status < 500;

  it('XML bodies on PROPFIND, PROPPATCH, LOCK, REPORT, MKCOL, MKCALENDAR', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DAV_METHODS),
        fc.nat({ max: 5 }),
        fc.constantFrom('0', '1', 'infinity', 'x'),
        xmlBody,
        async (method, root, depth, body) => {
          const status = await send(
            dav(testApp.server, method, roots()[root])
              .set('Authorization', fx.basic)
              .set('Depth', depth)
              .set('Content-Type', 'application/xml; charset=utf-8')
              .send(body),
          );
          expect(acceptable(status)).toBe(true);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  }, 300_000);

  it('paths and names on every method, Destination included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'GET',
          'PUT',
          'MKCOL',
          'PROPFIND',
          'DELETE',
          'MOVE',
          'COPY',
          'LOCK',
          'OPTIONS',
        ),
        fc.constantFrom('files', 'calendars', 'addressbooks'),
        rawPath,
        rawPath,
        async (method, area, path, destination) => {
          const base = `/dav/${area}/${fx.home.slug}/`;
          const test = dav(testApp.server, method, `${base}${path}`)
            .set('Authorization', fx.basic)
            .set('Destination', `${base}${destination}`);
          const status = await send(method === 'PUT' ? test.send('fuzz') : test);
          expect(acceptable(status)).toBe(true);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  }, 300_000);

  it('headers the DAV layer reads: If, Depth, Timeout, Overwrite, X-OC-Mtime, Lock-Token', async () => {
    const header = fc.oneof(
      oddText,
      fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
      fc.constantFrom(
        '(<urn:uuid:00000000-0000-0000-0000-000000000000>)',
        '(Not <DAV:no-lock> ["x"])',
        '<http://other/> (<x>)',
        '(' + '<x>'.repeat(2000) + ')',
        'Second-99999999999999999999',
        'Infinite, Second-1',
        '1e308',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'PROPPATCH', 'LOCK', 'UNLOCK', 'DELETE', 'MOVE', 'PROPFIND'),
        fc.record({
          If: header,
          Depth: header,
          Timeout: header,
          Overwrite: header,
          'X-OC-Mtime': header,
          'Lock-Token': header,
        }),
        async (method, headers) => {
          const test = dav(testApp.server, method, `/dav/files/${fx.home.slug}/fuzz.txt`)
            .set('Authorization', fx.basic)
            .set('Destination', `/dav/files/${fx.home.slug}/fuzz-2.txt`);
          for (const [name, value] of Object.entries(headers)) {
            // Node refuses to send what HTTP cannot carry; such a header never reaches a server.
            if (/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) test.set(name, value);
          }
          const status = await send(method === 'PUT' ? test.send('fuzz') : test);
          expect(acceptable(status)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('answers what earlier fuzzing runs found with 400 (each was a 500)', async () => {
    const empty =
      '<D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"></D:propertyupdate>';
    for (const url of ['/dav/', `/dav/calendars/${fx.home.slug}/family/`]) {
      const answer = await dav(testApp.server, 'PROPPATCH', url)
        .set('Authorization', fx.basic)
        .set('Content-Type', 'application/xml')
        .send(empty);
      expect(answer.status).toBe(400);
    }
    for (const area of ['calendars', 'addressbooks', 'files']) {
      for (const path of ['%00', 'family/a%00b.ics', 'x%1Fy']) {
        const answer = await dav(testApp.server, 'GET', `/dav/${area}/${fx.home.slug}/${path}`).set(
          'Authorization',
          fx.basic,
        );
        expect(answer.status).toBe(400);
      }
    }
  });

  it('saw refusals and successes both (the generators reach past the first check)', () => {
    const seen = [...statuses.keys()];
    expect(seen.some((status) => status >= 400)).toBe(true);
    expect(seen.some((status) => status < 300)).toBe(true);
  });
});
