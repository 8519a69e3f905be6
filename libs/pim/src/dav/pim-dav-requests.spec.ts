import { FoyerError } from '@foyer/core';
import { encodeSegment, memberName, parsePimDavPath } from './pim-dav-paths';
import { calendarFilterMatches, textMatches } from './pim-dav-filters';
import { parseMkcolBody, parseReport, parseUtc } from './pim-dav-requests';

const NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav"';

describe('parsePimDavPath', () => {
  it.each([
    ['/dav', { type: 'root' }],
    ['/dav/principals/u1/', { type: 'principal', userId: 'u1' }],
    ['/dav/calendars/', { type: 'homes', kind: 'calendar' }],
    ['/dav/addressbooks/home', { type: 'home', kind: 'addressbook', slug: 'home' }],
    [
      '/dav/calendars/home/family/',
      { type: 'collection', kind: 'calendar', slug: 'home', name: 'family' },
    ],
    [
      '/dav/calendars/home/family/a%20b%40c.ics?x=1',
      { type: 'object', kind: 'calendar', slug: 'home', name: 'family', href: 'a b@c.ics' },
    ],
    ['/dav/files/home/', null],
    ['/dav/calendars/a/b/c/d', null],
  ])('%s', (path, expected) => {
    expect(parsePimDavPath(path)).toEqual(expected);
  });

  it('refuses encoded slashes, dot segments and empty segments', () => {
    for (const path of ['/dav/calendars/h/a%2Fb/', '/dav/calendars/h/../', '/dav/calendars/h//x']) {
      expect(() => parsePimDavPath(path)).toThrow(FoyerError);
    }
  });

  it('encodes names the way it reads them', () => {
    expect(encodeSegment('a b@c:d/é')).toBe('a%20b@c:d%2F%C3%A9');
    const collection = '/dav/addressbooks/h/family/';
    expect(memberName('http://x.test/dav/addressbooks/h/family/a%20b.vcf', collection)).toBe(
      'a b.vcf',
    );
    expect(memberName('/dav/addressbooks/h/other/a.vcf', collection)).toBeNull();
    expect(memberName('/dav/addressbooks/h/family/', collection)).toBeNull();
  });
});

describe('parseReport', () => {
  it('reads a calendar-query with nested filters and attributes in any prefix', () => {
    const report = parseReport(
      `<q:calendar-query xmlns:q="urn:ietf:params:xml:ns:caldav" xmlns="DAV:"><prop><getetag/></prop>
        <q:filter><q:comp-filter name="VCALENDAR"><q:comp-filter name="vevent">
          <q:time-range start="20260101T000000Z"/>
          <q:prop-filter name="summary"><q:text-match negate-condition="yes">x</q:text-match></q:prop-filter>
        </q:comp-filter></q:comp-filter></q:filter></q:calendar-query>`,
    );
    if (report.type !== 'calendar-query') throw new Error(report.type);
    const event = report.filter.compFilters[0];
    expect(event.name).toBe('VEVENT');
    expect(event.timeRange).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: null });
    expect(event.propFilters[0]).toMatchObject({
      name: 'SUMMARY',
      textMatches: [{ text: 'x', negate: true }],
    });
    expect(report.props).toEqual({ kind: 'prop', keys: ['{DAV:}getetag'], expand: undefined });
  });

  it('reads sync-collection with and without a token', () => {
    expect(
      parseReport(`<D:sync-collection ${NS}><D:sync-token/><D:prop/></D:sync-collection>`),
    ).toMatchObject({
      type: 'sync-collection',
      token: null,
    });
    expect(
      parseReport(
        `<D:sync-collection ${NS}><D:sync-token>urn:x</D:sync-token></D:sync-collection>`,
      ),
    ).toMatchObject({ token: 'urn:x' });
    expect(() =>
      parseReport(
        `<D:sync-collection ${NS}><D:sync-level>infinite</D:sync-level></D:sync-collection>`,
      ),
    ).toThrow(/sync-level/);
  });

  it('refuses unknown reports, bad dates and entity declarations', () => {
    expect(() => parseReport(`<D:acl-principal-prop-set ${NS}/>`)).toThrow(/not supported/);
    expect(() => parseUtc('2026-01-01', 'start')).toThrow(/UTC date-time/);
    expect(() => parseReport('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(/DOCTYPE/);
  });

  it('reads the properties of MKCALENDAR and refuses unknown ones', () => {
    const update = parseMkcolBody(
      `<C:mkcalendar ${NS}><D:set><D:prop><D:displayname>Kids</D:displayname><D:getetag/></D:prop></D:set></C:mkcalendar>`,
      'MKCALENDAR',
    );
    expect(update).toMatchObject({ displayName: 'Kids', refused: ['{DAV:}getetag'] });
    expect(() => parseMkcolBody(`<D:mkcol ${NS}/>`, 'MKCALENDAR')).toThrow(/mkcalendar/);
  });
});

describe('text matching and calendar filters', () => {
  it('folds case except for i;octet', () => {
    const match = {
      text: 'ÉLO',
      collation: 'i;unicode-casemap',
      matchType: 'starts-with',
      negate: false,
    } as const;
    expect(textMatches('élodie', match)).toBe(true);
    expect(textMatches('élodie', { ...match, collation: 'i;octet' })).toBe(false);
    expect(textMatches('élodie', { ...match, negate: true })).toBe(false);
  });

  it('evaluates is-not-defined and prop-filters on the object', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:x',
      'BEGIN:VTODO',
      'UID:t',
      'DTSTAMP:20260101T000000Z',
      'SUMMARY:Buy milk',
      'END:VTODO',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const filter = (inner: object) => ({
      name: 'VCALENDAR',
      isNotDefined: false,
      timeRange: null,
      propFilters: [],
      compFilters: [
        {
          name: 'VTODO',
          isNotDefined: false,
          timeRange: null,
          propFilters: [],
          compFilters: [],
          ...inner,
        },
      ],
    });
    const completed = {
      name: 'COMPLETED',
      isNotDefined: true,
      textMatches: [],
      test: 'anyOf' as const,
    };
    expect(calendarFilterMatches(text, filter({ propFilters: [completed] }))).toBe(true);
    expect(
      calendarFilterMatches(text, filter({ propFilters: [{ ...completed, isNotDefined: false }] })),
    ).toBe(false);
    expect(calendarFilterMatches(text, filter({ name: 'VEVENT' }))).toBe(false);
  });
});
