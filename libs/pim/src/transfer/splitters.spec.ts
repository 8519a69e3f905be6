import { frameCalendarObjects, mergeCalendarObjects } from './icalendar-splitter';
import { frameVcards } from './vcard-splitter';

const card = (uid: string, name: string) =>
  `BEGIN:VCARD\nVERSION:4.0\nUID:${uid}\nFN:${name}\nEND:VCARD\n`;

describe('frameVcards', () => {
  it('frames each card with its own text, CRLF, and ignores what is between cards', () => {
    const text = `${card('a', 'Ada')}\n\nstray line\r\n${card('b', 'Bob')}`;
    expect(frameVcards(text)).toEqual([
      { index: 0, content: 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:a\r\nFN:Ada\r\nEND:VCARD\r\n' },
      { index: 1, content: 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:b\r\nFN:Bob\r\nEND:VCARD\r\n' },
    ]);
  });

  it('keeps folded lines and lower-case frames as written', () => {
    const text = 'begin:vcard\r\nVERSION:3.0\r\nFN:A very long\r\n  name\r\nUID:x\r\nend:vcard';
    expect(frameVcards(text)).toEqual([
      {
        index: 0,
        content: 'begin:vcard\r\nVERSION:3.0\r\nFN:A very long\r\n  name\r\nUID:x\r\nend:vcard\r\n',
      },
    ]);
  });

  it('reports a card interrupted by the next, and one cut off at the end', () => {
    const text = `BEGIN:VCARD\nVERSION:4.0\n${card('b', 'Bob')}BEGIN:VCARD\nFN:cut`;
    const framed = frameVcards(text);
    expect(framed.map((entry) => ('error' in entry ? entry.error : entry.content.length))).toEqual([
      'the card has no END:VCARD before the next card',
      expect.any(Number),
      'the card has no END:VCARD before the end of the file',
    ]);
    expect(framed.map((entry) => entry.index)).toEqual([0, 1, 2]);
  });

  it('finds nothing in a file without cards', () => {
    expect(frameVcards('hello\nworld')).toEqual([]);
    expect(frameVcards('')).toEqual([]);
  });
});

const ZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

const event = (uid: string, extra: string[] = []) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20250101T000000Z',
  'DTSTART;TZID=Europe/Paris:20250301T100000',
  'DURATION:PT1H',
  ...extra,
  'END:VEVENT',
];

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('frameCalendarObjects', () => {
  it('groups by UID, keeps overrides with their master and the zones they use', async () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//EN',
      'METHOD:PUBLISH',
      ...ZONE,
      ...event('one', ['RRULE:FREQ=DAILY;COUNT=3']),
      'BEGIN:VEVENT',
      'UID:two',
      'DTSTAMP:20250101T000000Z',
      'DTSTART:20250301T100000Z',
      'END:VEVENT',
      ...event('one', ['RECURRENCE-ID;TZID=Europe/Paris:20250302T100000', 'SUMMARY:moved']),
      'END:VCALENDAR',
    ]);
    const { objects, calendars } = await frameCalendarObjects(text);
    expect(calendars).toBe(1);
    expect(objects).toEqual([
      {
        index: 0,
        uid: 'one',
        content: crlf([
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//Test//EN',
          ...ZONE,
          ...event('one', ['RRULE:FREQ=DAILY;COUNT=3']),
          ...event('one', ['RECURRENCE-ID;TZID=Europe/Paris:20250302T100000', 'SUMMARY:moved']),
          'END:VCALENDAR',
        ]),
      },
      {
        index: 1,
        uid: 'two',
        content: crlf([
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//Test//EN',
          'BEGIN:VEVENT',
          'UID:two',
          'DTSTAMP:20250101T000000Z',
          'DTSTART:20250301T100000Z',
          'END:VEVENT',
          'END:VCALENDAR',
        ]),
      },
    ]);
  });

  it('keeps a VCALENDAR holding one object byte for byte, and reads several in one stream', async () => {
    const first = crlf([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//A//EN',
      ...ZONE,
      ...event('a'),
      'END:VCALENDAR',
    ]);
    const second = crlf([
      'BEGIN:VCALENDAR',
      'PRODID:-//B//EN',
      'VERSION:2.0',
      ...event('b'),
      'END:VCALENDAR',
    ]);
    const { objects, calendars } = await frameCalendarObjects(first + second);
    expect(calendars).toBe(2);
    expect(objects).toEqual([
      { index: 0, uid: 'a', content: first },
      { index: 1, uid: 'b', content: second },
    ]);
  });

  it('skips duplicates, components without a UID and unparseable ones, at their index', async () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      ...event('a'),
      ...event('a'),
      'BEGIN:VEVENT',
      'DTSTART:20250301T100000Z',
      'END:VEVENT',
      'BEGIN:VTODO',
      'UID:t',
      'THIS LINE HAS NO COLON',
      'END:VTODO',
      ...event('b'),
      ...event('a', ['RECURRENCE-ID;TZID=Europe/Paris:20250302T100000']),
      ...event('a', ['RECURRENCE-ID;TZID=Europe/Paris:20250302T100000']),
      'END:VCALENDAR',
    ]);
    const { objects } = await frameCalendarObjects(text);
    expect(
      objects.map((object) =>
        'error' in object ? [object.index, object.uid, object.error] : [object.index, object.uid],
      ),
    ).toEqual([
      [0, 'a'],
      [1, 'a', 'duplicate UID in the file (first at index 0)'],
      [2, undefined, 'VEVENT has no UID'],
      [3, undefined, expect.stringContaining('not valid iCalendar')],
      [4, 'b'],
      [6, 'a', 'duplicate UID and RECURRENCE-ID in the file (first at index 0)'],
    ]);
  });

  it('reports a malformed RECURRENCE-ID or a NUL at its index rather than failing the file', async () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      ...event('a', ['RECURRENCE-ID:00000001']),
      ...event('b', ['SUMMARY:nul\u0000here']),
      ...event('c'),
      'END:VCALENDAR',
    ]);
    const { objects } = await frameCalendarObjects(text);
    expect(
      objects.map((object) => ('error' in object ? [object.index, object.error] : [object.index])),
    ).toEqual([
      [0, expect.stringContaining('not valid iCalendar')],
      [1, expect.stringContaining('NUL')],
      [2],
    ]);
  });

  it('refuses the same UID in two VCALENDARs of one stream', async () => {
    const one = crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', ...event('a'), 'END:VCALENDAR']);
    const { objects } = await frameCalendarObjects(one + one);
    expect(objects[1]).toEqual({
      index: 1,
      uid: 'a',
      error: 'duplicate UID in the file (first at index 0)',
    });
  });

  it('reports a component cut off at the end of the file', async () => {
    const { objects } = await frameCalendarObjects(
      crlf(['BEGIN:VCALENDAR', 'VERSION:2.0', ...event('a'), 'BEGIN:VEVENT', 'UID:b']),
    );
    expect(objects).toEqual([
      { index: 0, uid: 'a', content: expect.stringContaining('UID:a') },
      { index: 1, error: 'VEVENT has no END before the end of the file' },
    ]);
  });

  it('finds nothing in text without a VCALENDAR', async () => {
    expect(await frameCalendarObjects('BEGIN:VEVENT\nUID:a\nEND:VEVENT')).toEqual({
      objects: [],
      calendars: 0,
    });
  });
});

describe('mergeCalendarObjects', () => {
  it('writes one VCALENDAR with each zone once, and frames back into the same objects', async () => {
    const properties = ['VERSION:2.0', 'PRODID:-//Foyer//Foyer//EN'];
    const a = crlf(['BEGIN:VCALENDAR', ...properties, ...ZONE, ...event('a'), 'END:VCALENDAR']);
    const b = crlf(['BEGIN:VCALENDAR', ...properties, ...ZONE, ...event('b'), 'END:VCALENDAR']);
    const merged = mergeCalendarObjects(properties, [a, b]);
    expect(merged.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(merged.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    const back = (await frameCalendarObjects(merged)).objects;
    expect(back).toEqual([
      { index: 0, uid: 'a', content: a },
      { index: 1, uid: 'b', content: b },
    ]);
  });
});
