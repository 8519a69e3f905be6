import { FoyerError } from '@foyer/core';
import { expandOccurrences, matchesTimeRange, parseICalendar } from './icalendar';
import { parseVcard } from './vcard';

const RANGE_2030 = {
  start: new Date('2030-01-01T00:00:00Z'),
  end: new Date('2031-01-01T00:00:00Z'),
};

function calendar(zone: string[], event: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    ...zone,
    'BEGIN:VEVENT',
    'UID:bounded@test',
    'DTSTAMP:20250101T000000Z',
    ...event,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** The reported attack: a STANDARD observance repeating every second since 1601. */
function zoneWithRule(rule: string): string[] {
  return [
    'BEGIN:VTIMEZONE',
    'TZID:Evil',
    'BEGIN:STANDARD',
    'DTSTART:16010101T000000',
    rule,
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0100',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

const IN_EVIL_ZONE = ['DTSTART;TZID=Evil:20250101T100000', 'DTEND;TZID=Evil:20250101T110000'];

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof FoyerError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'accepted';
}

describe('bounded calendar work', () => {
  it.each(['FREQ=SECONDLY', 'FREQ=MINUTELY', 'FREQ=HOURLY', 'FREQ=DAILY'])(
    'refuses a VTIMEZONE observance with RRULE:%s since 1601 as OBJECT_TOO_COMPLEX',
    (rule) => {
      const text = calendar(zoneWithRule(`RRULE:${rule}`), IN_EVIL_ZONE);
      expect(codeOf(() => parseICalendar(text))).toBe('400 OBJECT_TOO_COMPLEX');
    },
  );

  it('refuses an event rule that never occurs and would be searched for ever', () => {
    const text = calendar(
      [],
      ['DTSTART:20250101T100000Z', 'RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2'],
    );
    expect(codeOf(() => parseICalendar(text))).toBe('400 OBJECT_TOO_COMPLEX');
  });

  it('refuses a rule ical.js cannot expand with 400 INVALID_ICALENDAR, not a crash', () => {
    const text = calendar([], ['DTSTART:20250101T100000Z', 'RRULE:FREQ=MONTHLY;BYDAY=-6MO']);
    expect(codeOf(() => parseICalendar(text))).toBe('400 INVALID_ICALENDAR');
  });

  it('keeps yearly observances since 1601 (as Outlook writes them) and huge COUNTs', () => {
    const outlook = calendar(zoneWithRule('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'), [
      ...IN_EVIL_ZONE,
      'RRULE:FREQ=WEEKLY;COUNT=999999999',
    ]);
    expect(codeOf(() => parseICalendar(outlook))).toBe('accepted');
    expect(parseICalendar(outlook).rangeEnd).toBeNull();
    const daily = calendar([], ['DTSTART:20250101T100000Z', 'RRULE:FREQ=DAILY;COUNT=10000']);
    expect(expandOccurrences(daily, RANGE_2030).length).toBe(365);
  });

  it('lets a stored object too costly to expand match a query rather than fail it', () => {
    const text = calendar(zoneWithRule('RRULE:FREQ=SECONDLY'), IN_EVIL_ZONE);
    expect(matchesTimeRange(text, RANGE_2030)).toBe(true);
    expect(expandOccurrences(text, RANGE_2030)).toEqual([]);
  });

  it.each([
    [
      'nesting',
      calendar(
        [],
        ['DTSTART:20250101T100000Z', ...Array(10).fill('BEGIN:X'), ...Array(10).fill('END:X')],
      ),
    ],
    [
      'overrides',
      calendar([], ['DTSTART:20250101T100000Z', ...Array(2100).fill('BEGIN:X-A\r\nEND:X-A')]),
    ],
    [
      'RDATEs',
      calendar(
        [],
        [
          'DTSTART:20250101T100000Z',
          `RDATE;VALUE=DATE:${Array(10_001).fill('20250102').join(',')}`,
        ],
      ),
    ],
    [
      'a long RRULE',
      calendar(
        [],
        [
          'DTSTART:20250101T100000Z',
          `RRULE:FREQ=YEARLY;BYSECOND=${Array(600).fill('1').join(',')}`,
        ],
      ),
    ],
  ])('refuses too much %s before parsing', (_label, text) => {
    expect(codeOf(() => parseICalendar(text))).toBe('400 OBJECT_TOO_COMPLEX');
  });

  it.each([
    [
      'an event rule',
      calendar([], ['DTSTART:20250101T100000Z', 'RRULE:FREQ=DAILY;INTERVAL=9007199254740991']),
    ],
    [
      'an observance rule',
      calendar(zoneWithRule('RRULE:FREQ=YEARLY;INTERVAL=999999999'), IN_EVIL_ZONE),
    ],
    ['a duration', calendar([], ['DTSTART:20250101T100000Z', 'DURATION:P999999999W'])],
  ])('refuses a step of ages in %s (ical.js would walk it a day at a time)', (_label, text) => {
    expect(codeOf(() => parseICalendar(text))).toBe('400 OBJECT_TOO_COMPLEX');
  });

  it('refuses NUL bytes in iCalendar and vCard with 400', () => {
    const event = calendar([], ['DTSTART:20250101T100000Z', 'SUMMARY:a\u0000b']);
    expect(codeOf(() => parseICalendar(event))).toBe('400 INVALID_ICALENDAR');
    const card = 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u\r\nFN:a\u0000b\r\nEND:VCARD\r\n';
    expect(codeOf(() => parseVcard(card))).toBe('400 INVALID_VCARD');
  });

  it('refuses a vCard with thousands of properties', () => {
    const phones = Array.from(
      { length: 2001 },
      (_, i) => `TEL:+3361234${String(i).padStart(4, '0')}`,
    );
    const card = ['BEGIN:VCARD', 'VERSION:4.0', 'UID:u', 'FN:x', ...phones, 'END:VCARD', ''].join(
      '\r\n',
    );
    expect(codeOf(() => parseVcard(card))).toBe('400 OBJECT_TOO_COMPLEX');
  });
});
