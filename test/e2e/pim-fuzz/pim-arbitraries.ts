import fc from 'fast-check';

/**
 * Random and adversarial iCalendar and vCard texts for the fuzz suites: valid objects built from
 * random parts (recurrence rules with extreme values, time zones with odd observances, long
 * RDATE lists, override storms), then mutated line by line and character by character.
 */

/** The reported time zone (TZID `X`): a STANDARD observance repeating every second since 1601. */
export const POISON_ZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:X',
  'BEGIN:STANDARD',
  'DTSTART:16010101T000000',
  'RRULE:FREQ=SECONDLY',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0000',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const FREQS = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const extremeInt = fc.oneof(
  fc.integer({ min: -3, max: 400 }),
  fc.constantFrom(0, 1, 53, 366, 999_999_999, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER),
);

/** Mostly sensible, sometimes extreme: both must be answered. */
function mostly<T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 8 }, { arbitrary: odd, weight: 1 });
}

const year = mostly(
  fc.integer({ min: 1990, max: 2040 }),
  fc.oneof(fc.constantFrom(1, 1601, 1900, 1970, 9999), fc.integer({ min: 0, max: 9999 })),
);

const pad = (value: number, width: number) => String(Math.abs(value)).padStart(width, '0');

/** `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`, sometimes with impossible fields. */
export const icalDate = fc
  .record({
    year,
    month: mostly(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 13, 99)),
    day: mostly(fc.integer({ min: 1, max: 28 }), fc.constantFrom(0, 29, 30, 31, 32)),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: mostly(fc.integer({ min: 0, max: 59 }), fc.constant(60)),
    kind: mostly(fc.constantFrom('floating', 'utc'), fc.constant('date')),
  })
  .map(({ year: y, month, day, hour, minute, second, kind }) => {
    const date = `${pad(y, 4)}${pad(month, 2)}${pad(day, 2)}`;
    if (kind === 'date') return date;
    return `${date}T${pad(hour, 2)}${pad(minute, 2)}${pad(second, 2)}${kind === 'utc' ? 'Z' : ''}`;
  });

const byList = (max: number, min = 0) =>
  mostly(
    fc.array(fc.integer({ min: Math.max(min, 1), max }), { minLength: 1, maxLength: 5 }),
    fc.array(fc.oneof(fc.integer({ min, max }), extremeInt), { minLength: 1, maxLength: 30 }),
  ).map((values) => values.join(','));

const BY_KEYS = [
  'bySecond',
  'byMinute',
  'byHour',
  'byDay',
  'byMonthDay',
  'byYearDay',
  'byWeekNo',
  'byMonth',
  'bySetPos',
];

/** An RRULE value: any FREQ, extreme COUNT/INTERVAL, long BYxxx lists, sometimes an UNTIL. */
export const rrule = fc
  .record(
    {
      freq: fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom(...FREQS) },
        { weight: 1, arbitrary: fc.constant('BOGUS') },
      ),
      count: mostly(fc.integer({ min: 1, max: 50 }), extremeInt),
      interval: mostly(fc.integer({ min: 1, max: 5 }), extremeInt),
      until: icalDate,
      bySecond: byList(60),
      byMinute: byList(59),
      byHour: byList(23),
      byDay: fc
        .array(
          fc.tuple(fc.option(fc.integer({ min: -60, max: 60 })), fc.constantFrom(...WEEKDAYS)),
          { minLength: 1, maxLength: 10 },
        )
        .map((days) => days.map(([n, day]) => `${n ?? ''}${day}`).join(',')),
      byMonthDay: byList(31, -31),
      byYearDay: byList(366, -366),
      byWeekNo: byList(53, -53),
      byMonth: byList(12, 1),
      bySetPos: byList(366, -366),
    },
    { requiredKeys: ['freq'] },
  )
  .chain((rule) =>
    // A few BYxxx parts at most, as real rules have.
    fc.subarray(BY_KEYS, { maxLength: 3 }).map((kept) => {
      const trimmed: Record<string, unknown> = { ...rule };
      for (const key of BY_KEYS) if (!kept.includes(key)) delete trimmed[key];
      return trimmed as typeof rule;
    }),
  )
  .map((rule) => {
    const parts = [`FREQ=${rule.freq}`];
    if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
    else if (rule.until !== undefined) parts.push(`UNTIL=${rule.until}`);
    if (rule.interval !== undefined) parts.push(`INTERVAL=${rule.interval}`);
    const by: [string, string | undefined][] = [
      ['BYSECOND', rule.bySecond],
      ['BYMINUTE', rule.byMinute],
      ['BYHOUR', rule.byHour],
      ['BYDAY', rule.byDay],
      ['BYMONTHDAY', rule.byMonthDay],
      ['BYYEARDAY', rule.byYearDay],
      ['BYWEEKNO', rule.byWeekNo],
      ['BYMONTH', rule.byMonth],
      ['BYSETPOS', rule.bySetPos],
    ];
    for (const [name, value] of by) if (value !== undefined) parts.push(`${name}=${value}`);
    return parts.join(';');
  });

const offset = fc
  .tuple(
    fc.constantFrom('+', '-'),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(([sign, hours, minutes]) => `${sign}${pad(hours, 2)}${pad(minutes, 2)}`);

/** A VTIMEZONE named `Fuzz` with odd observances: any DTSTART, any rule, RDATE lists. */
const vtimezone = fc
  .array(
    fc.record({
      kind: fc.constantFrom('STANDARD', 'DAYLIGHT'),
      start: icalDate,
      rule: fc.option(rrule, { nil: undefined }),
      rdates: fc.array(icalDate, { maxLength: 20 }),
      from: offset,
      to: offset,
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((observances) => [
    'BEGIN:VTIMEZONE',
    'TZID:Fuzz',
    ...observances.flatMap((o) => [
      `BEGIN:${o.kind}`,
      `DTSTART:${o.start}`,
      ...(o.rule ? [`RRULE:${o.rule}`] : []),
      ...(o.rdates.length > 0 ? [`RDATE:${o.rdates.join(',')}`] : []),
      `TZOFFSETFROM:${o.from}`,
      `TZOFFSETTO:${o.to}`,
      `END:${o.kind}`,
    ]),
    'END:VTIMEZONE',
  ]);

/** One VCALENDAR with one event (maybe recurring, in the odd zone, with overrides). */
export const calendarObject = fc
  .record({
    uid: fc.stringMatching(/^[A-Za-z0-9@.-]{1,40}$/),
    zone: fc.option(vtimezone, { nil: undefined, freq: 1 }),
    start: icalDate,
    end: fc.option(icalDate, { nil: undefined, freq: 1 }),
    rule: fc.option(rrule, { nil: undefined }),
    rdates: mostly(
      fc.array(icalDate, { maxLength: 5 }),
      fc.integer({ min: 0, max: 12_000 }).map((n) => Array.from({ length: n }, () => '20300101')),
    ),
    exdates: fc.array(icalDate, { maxLength: 5 }),
    overrides: mostly(
      fc.array(fc.tuple(icalDate, icalDate), { maxLength: 3 }),
      fc.array(fc.tuple(icalDate, icalDate), { maxLength: 300 }),
    ),
    summary: fc.string({ maxLength: 200 }),
    component: fc.constantFrom('VEVENT', 'VEVENT', 'VTODO', 'VJOURNAL'),
  })
  .map((o) => {
    const zoned = o.zone ? ';TZID=Fuzz' : '';
    const tz = o.start.includes('T') ? zoned : ';VALUE=DATE';
    const component = (extra: string[]) => [
      `BEGIN:${o.component}`,
      `UID:${o.uid}`,
      'DTSTAMP:20250101T000000Z',
      `DTSTART${tz}:${o.start}`,
      ...(o.end ? [`${o.component === 'VTODO' ? 'DUE' : 'DTEND'}${tz}:${o.end}`] : []),
      `SUMMARY:${o.summary.replace(/[\r\n]/g, ' ')}`,
      ...extra,
      `END:${o.component}`,
    ];
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Foyer fuzz//EN',
      ...(o.zone ?? []),
      ...component([
        ...(o.rule ? [`RRULE:${o.rule}`] : []),
        ...(o.rdates.length > 0 ? [`RDATE:${o.rdates.join(',')}`] : []),
        ...(o.exdates.length > 0 ? [`EXDATE:${o.exdates.join(',')}`] : []),
      ]),
      ...o.overrides.flatMap(([id, start]) =>
        component([`RECURRENCE-ID${tz}:${id}`]).map((line) =>
          line.startsWith('DTSTART') ? `DTSTART${tz}:${start}` : line,
        ),
      ),
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  });

/** A vCard with random properties, sometimes thousands, sometimes nested. */
export const vcardObject = fc
  .record({
    uid: fc.stringMatching(/^[A-Za-z0-9@.-]{1,40}$/),
    fn: fc.string({ maxLength: 100 }),
    version: mostly(fc.constantFrom('3.0', '4.0'), fc.constantFrom('2.1', '')),
    phones: mostly(
      fc.array(fc.stringMatching(/^[+0-9 ()-]{0,20}$/), { maxLength: 20 }),
      fc
        .integer({ min: 0, max: 3000 })
        .map((n) => Array.from({ length: n }, (_, i) => `+3361${i}`)),
    ),
    emails: fc.array(fc.emailAddress(), { maxLength: 5 }),
    nested: mostly(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  })
  .map((card) =>
    [
      'BEGIN:VCARD',
      `VERSION:${card.version}`,
      `UID:${card.uid}`,
      `FN:${card.fn.replace(/[\r\n]/g, ' ')}`,
      'N:Family;Given;;;',
      ...card.phones.map((phone) => `TEL:${phone}`),
      ...card.emails.map((email) => `EMAIL:${email}`),
      ...Array.from({ length: card.nested }, () => 'BEGIN:VCARD'),
      ...Array.from({ length: card.nested }, () => 'END:VCARD'),
      'END:VCARD',
      '',
    ].join('\r\n'),
  );

type Mutation = (lines: string[]) => string[];

/** Line and character mutations: what a broken or hostile client sends. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .nat()
    .map((at) => (lines: string[]) => lines.filter((_, index) => index !== at % lines.length)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 2000 })).map(([at, times]) => (lines: string[]) => {
    const line = lines[at % lines.length];
    return [...lines, ...Array.from({ length: times }, () => line)];
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (lines: string[]) => {
    const copy = [...lines];
    const i = a % copy.length;
    const j = b % copy.length;
    [copy[i], copy[j]] = [copy[j], copy[i]];
    return copy;
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 40 })).map(
    ([at, junk]) =>
      (lines: string[]) =>
        lines.map((line, index) => (index === at % lines.length ? line + junk : line)),
  ),
  fc.tuple(fc.nat(), fc.constantFrom('\u0000', '\\', ';', ':', ',', '"', '\t', ' ')).map(
    ([at, character]) =>
      (lines: string[]) =>
        lines.map((line, index) =>
          index === at % lines.length ? line.replace(/:/, `:${character}`) : line,
        ),
  ),
  fc
    .integer({ min: 1, max: 5000 })
    .map((depth) => (lines: string[]) => [
      ...lines.slice(0, 1),
      ...Array.from({ length: depth }, () => 'BEGIN:X-NEST'),
      ...Array.from({ length: depth }, () => 'END:X-NEST'),
      ...lines.slice(1),
    ]),
  fc
    .integer({ min: 1, max: 200_000 })
    .map((length) => (lines: string[]) => [
      ...lines.slice(0, 3),
      `X-LONG;${'P=v;'.repeat(Math.min(length, 2000))}:${'x'.repeat(length)}`,
      ...lines.slice(3),
    ]),
  fc.nat().map((at) => (lines: string[]) => lines.slice(0, (at % lines.length) + 1)),
);

/** `base` texts, half of them as built, the others mutated once to three times. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(base, fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })))
    .map(([text, mutations]) =>
      mutations.reduce((lines, mutate) => mutate(lines), text.split('\r\n')).join('\r\n'),
    );
}
