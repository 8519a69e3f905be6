import { FoyerError } from '@foyer/core';
import { ICAL, IcalComponent } from './ical';
import { parseICalendar } from './icalendar';
import {
  buildVtimezone,
  canonicalTimeZone,
  offsetTransitions,
  utcOffsetMinutes,
} from './vtimezone';

/** The UTC instant ical.js reads for a local wall-clock time in the generated zone. */
const zones = new WeakMap<IcalComponent, InstanceType<typeof ICAL.Timezone>>();

function utcOf(vtimezone: IcalComponent, local: string): string {
  const zone = zones.get(vtimezone) ?? new ICAL.Timezone(vtimezone);
  zones.set(vtimezone, zone);
  const time = ICAL.Time.fromDateTimeString(local);
  const zoned = new ICAL.Time(
    {
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.hour,
      minute: time.minute,
      second: time.second,
    },
    zone,
  );
  return zoned.toJSDate().toISOString();
}

function observances(vtimezone: IcalComponent) {
  return vtimezone.getAllSubcomponents().map((component) => ({
    kind: component.name,
    dtstart: String(component.getFirstPropertyValue('dtstart')),
    from: String(component.getFirstPropertyValue('tzoffsetfrom')),
    to: String(component.getFirstPropertyValue('tzoffsetto')),
    rrule: component.getFirstPropertyValue('rrule')?.toString() ?? null,
  }));
}

describe('VTIMEZONE from the platform time-zone data', () => {
  it('finds the transitions of Europe/Paris to the minute', () => {
    const found = offsetTransitions('Europe/Paris', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1)).map(
      (t) => ({ ...t, at: new Date(t.at).toISOString() }),
    );
    expect(found).toEqual([
      { at: '2026-03-29T01:00:00.000Z', from: 60, to: 120 },
      { at: '2026-10-25T01:00:00.000Z', from: 120, to: 60 },
    ]);
  });

  it('writes Europe/Paris as yearly last-Sunday rules', () => {
    const zone = buildVtimezone('Europe/Paris', new Date('2026-03-05T17:00:00Z'));
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    expect(observances(zone)).toEqual([
      {
        kind: 'daylight',
        dtstart: '2025-03-30T02:00:00',
        from: '+01:00',
        to: '+02:00',
        rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      },
      {
        kind: 'standard',
        dtstart: '2025-10-26T03:00:00',
        from: '+02:00',
        to: '+01:00',
        rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      },
    ]);
    expect(zone.toString()).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    // Both sides of each 2026 transition, and years later through the RRULE.
    expect(utcOf(zone, '2026-03-28T18:00:00')).toBe('2026-03-28T17:00:00.000Z');
    expect(utcOf(zone, '2026-03-29T01:59:00')).toBe('2026-03-29T00:59:00.000Z');
    expect(utcOf(zone, '2026-03-29T03:00:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(utcOf(zone, '2026-03-30T18:00:00')).toBe('2026-03-30T16:00:00.000Z');
    expect(utcOf(zone, '2026-10-24T18:00:00')).toBe('2026-10-24T16:00:00.000Z');
    expect(utcOf(zone, '2026-10-25T04:00:00')).toBe('2026-10-25T03:00:00.000Z');
    expect(utcOf(zone, '2026-10-26T18:00:00')).toBe('2026-10-26T17:00:00.000Z');
    // 2031: the last Sunday of March is the 30th.
    expect(utcOf(zone, '2031-03-29T18:00:00')).toBe('2031-03-29T17:00:00.000Z');
    expect(utcOf(zone, '2031-03-30T18:00:00')).toBe('2031-03-30T16:00:00.000Z');
  });

  it('writes America/New_York as second and first Sunday rules', () => {
    const zone = buildVtimezone('America/New_York', new Date('2026-01-10T12:00:00Z'));
    expect(observances(zone)).toEqual([
      {
        kind: 'daylight',
        dtstart: '2025-03-09T02:00:00',
        from: '-05:00',
        to: '-04:00',
        rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      },
      {
        kind: 'standard',
        dtstart: '2025-11-02T02:00:00',
        from: '-04:00',
        to: '-05:00',
        rrule: 'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      },
    ]);
    // 2026: DST from 8 March 07:00Z to 1 November 06:00Z.
    expect(utcOf(zone, '2026-03-07T09:00:00')).toBe('2026-03-07T14:00:00.000Z');
    expect(utcOf(zone, '2026-03-08T01:30:00')).toBe('2026-03-08T06:30:00.000Z');
    expect(utcOf(zone, '2026-03-08T03:30:00')).toBe('2026-03-08T07:30:00.000Z');
    expect(utcOf(zone, '2026-03-09T09:00:00')).toBe('2026-03-09T13:00:00.000Z');
    expect(utcOf(zone, '2026-10-31T09:00:00')).toBe('2026-10-31T13:00:00.000Z');
    expect(utcOf(zone, '2026-11-01T03:00:00')).toBe('2026-11-01T08:00:00.000Z');
    expect(utcOf(zone, '2026-11-02T09:00:00')).toBe('2026-11-02T14:00:00.000Z');
  });

  it('writes Australia/Sydney (southern hemisphere): daylight in October, standard in April', () => {
    const zone = buildVtimezone('Australia/Sydney', new Date('2026-02-01T00:00:00Z'));
    expect(observances(zone)).toEqual([
      {
        kind: 'standard',
        dtstart: '2025-04-06T03:00:00',
        from: '+11:00',
        to: '+10:00',
        rrule: 'FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
      },
      {
        kind: 'daylight',
        dtstart: '2025-10-05T02:00:00',
        from: '+10:00',
        to: '+11:00',
        rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
      },
    ]);
    // 2026: standard time from 5 April (16:00Z on the 4th), daylight from 4 October (16:00Z on the 3rd).
    expect(utcOf(zone, '2026-04-04T18:00:00')).toBe('2026-04-04T07:00:00.000Z');
    expect(utcOf(zone, '2026-04-05T04:00:00')).toBe('2026-04-04T18:00:00.000Z');
    expect(utcOf(zone, '2026-04-06T18:00:00')).toBe('2026-04-06T08:00:00.000Z');
    expect(utcOf(zone, '2026-10-03T18:00:00')).toBe('2026-10-03T08:00:00.000Z');
    expect(utcOf(zone, '2026-10-04T03:00:00')).toBe('2026-10-03T16:00:00.000Z');
    expect(utcOf(zone, '2026-10-05T18:00:00')).toBe('2026-10-05T07:00:00.000Z');
  });

  it('writes Asia/Tokyo (no DST) as a single STANDARD observance', () => {
    const zone = buildVtimezone('Asia/Tokyo', new Date('2026-03-05T00:00:00Z'));
    expect(observances(zone)).toEqual([
      {
        kind: 'standard',
        dtstart: '1970-01-01T00:00:00',
        from: '+09:00',
        to: '+09:00',
        rrule: null,
      },
    ]);
    expect(utcOf(zone, '2026-03-29T18:00:00')).toBe('2026-03-29T09:00:00.000Z');
    expect(utcOf(zone, '2026-10-25T18:00:00')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('canonicalises names and refuses unknown zones and offsets with 400 INVALID_TIME_ZONE', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(buildVtimezone('UTC', new Date()).getFirstPropertyValue('tzid')).toBe('UTC');
    for (const name of ['Mars/Olympus_Mons', '+01:00', '', 'Europe/Paris\r\nX:1']) {
      try {
        buildVtimezone(name, new Date());
        throw new Error(`accepted ${name}`);
      } catch (error) {
        expect(error).toBeInstanceOf(FoyerError);
        expect((error as FoyerError).status).toBe(400);
        expect((error as FoyerError).code).toBe('INVALID_TIME_ZONE');
      }
    }
  });

  it.each([
    'Europe/Dublin',
    'America/Santiago',
    'Pacific/Chatham',
    'Africa/Casablanca',
    'America/Sao_Paulo',
    'Asia/Kolkata',
  ])('reads every local time of 2026–2027 in %s as Intl does (3-hour steps)', (name) => {
    const vtimezone = buildVtimezone(name, new Date('2026-01-15T00:00:00Z'));
    const wrong: string[] = [];
    for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2028, 0, 1); at += 3 * 3600 * 1000) {
      const offset = utcOffsetMinutes(name, at);
      const wall = at + offset * 60_000;
      // A wall time shown twice (the hour repeated when clocks go back) has two readings: skipped.
      const twice = [-1, 1]
        .map((side) => utcOffsetMinutes(name, at + side * 24 * 3600 * 1000))
        .some(
          (other) => other !== offset && utcOffsetMinutes(name, wall - other * 60_000) === other,
        );
      if (twice) continue;
      const local = new Date(wall).toISOString().slice(0, 19);
      if (utcOf(vtimezone, local) !== new Date(at).toISOString()) wrong.push(local);
    }
    expect(wrong).toEqual([]);
  });

  it('makes events that the model expands at the same local time across transitions', () => {
    const zone = buildVtimezone('Europe/Paris', new Date('2026-03-05T17:00:00Z'));
    const event = new ICAL.Component('vevent');
    event.addPropertyWithValue('uid', 'tz-1');
    event.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(new Date(), true));
    const start = event.addPropertyWithValue(
      'dtstart',
      ICAL.Time.fromDateTimeString('2026-03-05T18:00:00'),
    );
    start.setParameter('tzid', 'Europe/Paris');
    const root = new ICAL.Component('vcalendar');
    root.addPropertyWithValue('version', '2.0');
    root.addPropertyWithValue('prodid', '-//test//EN');
    root.addSubcomponent(zone);
    root.addSubcomponent(event);
    const parsed = parseICalendar(root.toString());
    expect(parsed.dtstart?.toISOString()).toBe('2026-03-05T17:00:00.000Z');
    expect(parsed.timezone).toBe('Europe/Paris');
  });
});
