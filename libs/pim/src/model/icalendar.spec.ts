import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import {
  expandedCalendarText,
  expandOccurrences,
  matchesTimeRange,
  MAX_OCCURRENCES,
  parseICalendar,
  splitICalendar,
} from './icalendar';

const PARIS = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

const calendar = (...lines: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    ...lines.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
const event = (lines: string[]) => [
  'BEGIN:VEVENT',
  'DTSTAMP:20260101T000000Z',
  ...lines,
  'END:VEVENT',
];

/** Weekly on Fridays 09:00 Paris, five times from 2026-03-20 (DST starts 2026-03-29). */
const WEEKLY = calendar(
  PARIS,
  event([
    'UID:weekly',
    'SUMMARY:Weekly',
    'DTSTART;TZID=Europe/Paris:20260320T090000',
    'DTEND;TZID=Europe/Paris:20260320T100000',
    'RRULE:FREQ=WEEKLY;COUNT=5',
    'EXDATE;TZID=Europe/Paris:20260327T090000',
    'RDATE;TZID=Europe/Paris:20260501T090000',
  ]),
  event([
    'UID:weekly',
    'SUMMARY:Moved',
    'RECURRENCE-ID;TZID=Europe/Paris:20260403T090000',
    'DTSTART;TZID=Europe/Paris:20260403T140000',
    'DTEND;TZID=Europe/Paris:20260403T150000',
  ]),
);

const YEAR_2026 = {
  start: new Date('2026-01-01T00:00:00Z'),
  end: new Date('2027-01-01T00:00:00Z'),
};

function refusal(run: () => unknown): FoyerError {
  try {
    run();
  } catch (error) {
    if (error instanceof FoyerError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseICalendar', () => {
  it('extracts UID, kind, bounds and recurrence of a recurring event with a time zone', () => {
    const parsed = parseICalendar(WEEKLY);
    expect(parsed).toMatchObject({
      uid: 'weekly',
      component: 'VEVENT',
      summary: 'Weekly',
      timezone: 'Europe/Paris',
      recurring: true,
      allDay: false,
      dtstart: new Date('2026-03-20T08:00:00Z'),
      dtend: new Date('2026-03-20T09:00:00Z'),
      rangeStart: new Date('2026-03-20T08:00:00Z'),
      // The RDATE on 1 May, in summer time.
      rangeEnd: new Date('2026-05-01T08:00:00Z'),
    });
  });

  it('leaves an endless recurrence open-ended and widens floating times', () => {
    const endless = parseICalendar(
      calendar(event(['UID:e', 'DTSTART:20260105T090000', 'RRULE:FREQ=DAILY'])),
    );
    expect(endless.rangeEnd).toBeNull();
    expect(endless.rangeStart).toEqual(new Date('2026-01-04T19:00:00Z'));
  });

  it('gives an all-day event its day', () => {
    const parsed = parseICalendar(
      calendar(event(['UID:d', 'DTSTART;VALUE=DATE:20260714', 'SUMMARY:Fête'])),
    );
    expect(parsed.allDay).toBe(true);
    expect(parsed.dtstart).toEqual(new Date('2026-07-14T00:00:00Z'));
    expect(parsed.dtend).toEqual(new Date('2026-07-15T00:00:00Z'));
  });

  it('reads a TZID without VTIMEZONE as the IANA zone of that name', () => {
    const parsed = parseICalendar(
      calendar(
        event([
          'UID:n',
          'DTSTART;TZID=America/New_York:20260704T120000',
          'DTEND;TZID=America/New_York:20260704T130000',
        ]),
      ),
    );
    expect(parsed.dtstart).toEqual(new Date('2026-07-04T16:00:00Z'));
  });

  it('accepts tasks, without dates too', () => {
    const task = parseICalendar(
      calendar(['BEGIN:VTODO', 'UID:t', 'DTSTAMP:20260101T000000Z', 'SUMMARY:Milk', 'END:VTODO']),
    );
    expect(task).toMatchObject({ component: 'VTODO', rangeStart: null, rangeEnd: null });
  });

  it.each([
    ['garbage', 'not a calendar', /Not iCalendar|Expected BEGIN:VCALENDAR/],
    [
      'a vCard',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:A\r\nEND:VCARD\r\n',
      /Expected BEGIN:VCALENDAR/,
    ],
    ['an empty calendar', calendar(), /holds no VEVENT/],
    ['no UID', calendar(event(['DTSTART:20260101T100000Z'])), /exactly one UID/],
    [
      'two UIDs',
      calendar(
        event(['UID:a', 'DTSTART:20260101T100000Z']),
        event(['UID:b', 'DTSTART:20260101T100000Z']),
      ),
      /share one UID/,
    ],
    [
      'mixed components',
      calendar(event(['UID:a', 'DTSTART:20260101T100000Z']), [
        'BEGIN:VTODO',
        'UID:a',
        'DTSTAMP:20260101T000000Z',
        'END:VTODO',
      ]),
      /One kind of component/,
    ],
    [
      'two masters',
      calendar(
        event(['UID:a', 'DTSTART:20260101T100000Z']),
        event(['UID:a', 'DTSTART:20260102T100000Z']),
      ),
      /Only one VEVENT without RECURRENCE-ID/,
    ],
    ['a VEVENT without DTSTART', calendar(event(['UID:a'])), /needs a DTSTART/],
    [
      'an end before the start',
      calendar(event(['UID:a', 'DTSTART:20260102T100000Z', 'DTEND:20260101T100000Z'])),
      /DTEND is before DTSTART/,
    ],
    [
      'DTEND with DURATION',
      calendar(
        event(['UID:a', 'DTSTART:20260102T100000Z', 'DTEND:20260102T110000Z', 'DURATION:PT1H']),
      ),
      /cannot both/,
    ],
    [
      'a VFREEBUSY',
      calendar(['BEGIN:VFREEBUSY', 'UID:f', 'DTSTAMP:20260101T000000Z', 'END:VFREEBUSY']),
      /not stored/,
    ],
    [
      'two calendars',
      calendar(event(['UID:a', 'DTSTART:20260101T100000Z'])).repeat(2),
      /One VCALENDAR/,
    ],
  ])('refuses %s with INVALID_ICALENDAR and a reason', (_label, text, reason) => {
    const error = refusal(() => parseICalendar(text));
    expect(error.code).toBe(PimErrorCode.InvalidIcalendar);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(reason);
  });
});

describe('expandOccurrences', () => {
  it('applies RRULE, EXDATE, RDATE and RECURRENCE-ID across the DST change', () => {
    const found = expandOccurrences(WEEKLY, YEAR_2026).map((o) => [
      o.start.toISOString(),
      o.summary,
      o.recurrenceId?.toISOString(),
    ]);
    expect(found).toEqual([
      ['2026-03-20T08:00:00.000Z', 'Weekly', '2026-03-20T08:00:00.000Z'],
      // 27 March is excluded; 3 April moved to the afternoon, in summer time (UTC+2).
      ['2026-04-03T12:00:00.000Z', 'Moved', '2026-04-03T07:00:00.000Z'],
      ['2026-04-10T07:00:00.000Z', 'Weekly', '2026-04-10T07:00:00.000Z'],
      ['2026-04-17T07:00:00.000Z', 'Weekly', '2026-04-17T07:00:00.000Z'],
      ['2026-05-01T07:00:00.000Z', 'Weekly', '2026-05-01T07:00:00.000Z'],
    ]);
  });

  it('finds only the instances overlapping the range', () => {
    const week = { start: new Date('2026-04-03T00:00:00Z'), end: new Date('2026-04-04T00:00:00Z') };
    expect(expandOccurrences(WEEKLY, week).map((o) => o.summary)).toEqual(['Moved']);
    const excluded = {
      start: new Date('2026-03-27T00:00:00Z'),
      end: new Date('2026-03-28T00:00:00Z'),
    };
    expect(matchesTimeRange(WEEKLY, excluded)).toBe(false);
    // The moved instance left its original slot (09:00 Paris = 07:00 UTC) empty.
    const slot = { start: new Date('2026-04-03T07:00:00Z'), end: new Date('2026-04-03T08:00:00Z') };
    expect(matchesTimeRange(WEEKLY, slot)).toBe(false);
  });

  it('finds an override moved into the range from a later RECURRENCE-ID', () => {
    const text = calendar(
      event([
        'UID:m',
        'DTSTART:20260105T100000Z',
        'DTEND:20260105T110000Z',
        'RRULE:FREQ=WEEKLY;COUNT=10',
      ]),
      event([
        'UID:m',
        'RECURRENCE-ID:20260302T100000Z',
        'DTSTART:20260110T100000Z',
        'DTEND:20260110T110000Z',
        'SUMMARY:Early',
      ]),
    );
    const range = {
      start: new Date('2026-01-10T00:00:00Z'),
      end: new Date('2026-01-11T00:00:00Z'),
    };
    expect(expandOccurrences(text, range).map((o) => o.summary)).toEqual(['Early']);
  });

  it('caps the occurrences of an endless recurrence', () => {
    const text = calendar(
      event(['UID:c', 'DTSTART:20260101T000000Z', 'DTEND:20260101T000100Z', 'RRULE:FREQ=MINUTELY']),
    );
    const found = expandOccurrences(text, YEAR_2026);
    expect(found).toHaveLength(MAX_OCCURRENCES);
  });

  it('rewrites instances for CALDAV:expand, in UTC and without RRULE', () => {
    const expanded = expandedCalendarText(WEEKLY, {
      start: new Date('2026-04-01T00:00:00Z'),
      end: new Date('2026-04-11T00:00:00Z'),
    });
    expect(expanded).not.toMatch(/RRULE|EXDATE|RDATE|VTIMEZONE/);
    expect(expanded.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(expanded).toContain('RECURRENCE-ID:20260403T070000Z');
    expect(expanded).toContain('DTSTART:20260403T120000Z');
    expect(expanded).toContain('DTSTART:20260410T070000Z');
    expect(parseICalendar(expanded.replace(/RECURRENCE-ID:20260403T070000Z\r\n/, '')).uid).toBe(
      'weekly',
    );
  });
});

describe('splitICalendar', () => {
  it('groups components by UID with the time zones they use, and reports bad ones', () => {
    const text = calendar(
      PARIS,
      event(['UID:a', 'DTSTART;TZID=Europe/Paris:20260101T100000']),
      event(['UID:b', 'DTSTART:20260101T100000Z']),
      event([
        'UID:a',
        'RECURRENCE-ID;TZID=Europe/Paris:20260101T100000',
        'DTSTART;TZID=Europe/Paris:20260101T120000',
      ]),
      event(['DTSTART:20260101T100000Z']),
      event(['UID:c']),
    );
    const parts = splitICalendar(text);
    const summary = parts.map((p) => `${p.uid ?? '-'}:${'error' in p ? 'bad' : 'ok'}`);
    expect(summary.sort()).toEqual(['-:bad', 'a:ok', 'b:ok', 'c:bad']);
    const a = parts.find((p) => p.uid === 'a');
    if (!a || 'error' in a) throw new Error('a refused');
    expect(a.content).toContain('BEGIN:VTIMEZONE');
    expect(a.content.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    const b = parts.find((p) => p.uid === 'b');
    if (!b || 'error' in b) throw new Error('b refused');
    expect(b.content).not.toContain('VTIMEZONE');
  });
});
