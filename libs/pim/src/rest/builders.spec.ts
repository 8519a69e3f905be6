import { FoyerError } from '@foyer/core';
import { expandOccurrences, parseICalendar } from '../model/icalendar';
import { parseVcard } from '../model/vcard';
import { buildVcard, changeVcard, noteOf } from './contact-card';
import { buildEvent, changeEvent, eventSummaryOf } from './event-calendar';

describe('contact cards', () => {
  it('builds a valid vCard 4.0 from the fields', () => {
    const text = buildVcard({
      fullName: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      organisation: 'Analytical; Engines',
      emails: ['ada@example.com', 'ada@work.example'],
      phones: ['+33 6 12 34 56 78'],
      note: 'Line one\nline two, with a comma',
    });
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    const parsed = parseVcard(text);
    expect(parsed).toMatchObject({
      version: '4.0',
      formattedName: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      emails: ['ada@example.com', 'ada@work.example'],
      phonesE164: ['+33612345678'],
    });
    expect(parsed.uid).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(parsed.organization).toBe('Analytical; Engines');
    expect(noteOf(text)).toBe('Line one\nline two, with a comma');
  });

  it('changes only what is given, keeping parameters, other properties and the version', () => {
    const stored = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:keep-me',
      'FN:Bob',
      'N:Builder;Bob;;;',
      'EMAIL;TYPE=INTERNET,HOME:bob@example.com',
      'EMAIL:old@example.com',
      'TEL;TYPE=CELL:0612345678',
      'BDAY:1970-01-01',
      'X-CUSTOM:kept',
      'END:VCARD',
      '',
    ].join('\r\n');
    const changed = changeVcard(stored, {
      givenName: 'Robert',
      emails: ['bob@example.com', 'new@example.com'],
      note: null,
    });
    const parsed = parseVcard(changed);
    expect(parsed).toMatchObject({
      uid: 'keep-me',
      version: '3.0',
      formattedName: 'Bob',
      familyName: 'Builder',
      givenName: 'Robert',
      emails: ['bob@example.com', 'new@example.com'],
      phones: ['0612345678'],
    });
    expect(changed).toContain('EMAIL;TYPE=INTERNET,HOME:bob@example.com');
    expect(changed).not.toContain('old@example.com');
    // ical.js writes the vCard 3.0 date in its basic form; the value is kept.
    expect(changed).toMatch(/^BDAY[;:].*19700101\r$/m);
    expect(changed).toContain('X-CUSTOM:kept');
  });

  it('clears a field given as null', () => {
    const text = buildVcard({ fullName: 'C', organisation: 'Org', phones: ['0612345678'] });
    const cleared = changeVcard(text, { organisation: null, phones: [] });
    expect(parseVcard(cleared)).toMatchObject({ organization: null, phones: [] });
  });
});

describe('event calendars', () => {
  const fields = {
    summary: 'Dinner, with friends',
    start: '2025-03-14T19:00:00+01:00',
    end: '2025-03-14T21:30:00+01:00',
    allDay: false,
    location: 'Home',
    description: null,
    rrule: 'FREQ=WEEKLY;COUNT=3',
  };

  it('builds a valid VCALENDAR with one VEVENT in UTC', () => {
    const text = buildEvent(fields, 'dinner-1');
    const parsed = parseICalendar(text);
    expect(parsed).toMatchObject({
      uid: 'dinner-1',
      component: 'VEVENT',
      summary: 'Dinner, with friends',
      dtstart: new Date('2025-03-14T18:00:00Z'),
      dtend: new Date('2025-03-14T20:30:00Z'),
      recurring: true,
      allDay: false,
    });
    expect(text).toContain('PRODID:-//Foyer//Foyer//EN');
    expect(eventSummaryOf(text)).toEqual({
      summary: 'Dinner, with friends',
      start: '2025-03-14T18:00:00.000Z',
      end: '2025-03-14T20:30:00.000Z',
      allDay: false,
      location: 'Home',
      description: null,
      rrule: 'FREQ=WEEKLY;COUNT=3',
      timeZone: null,
    });
    expect(text).not.toContain('TZID');
  });

  it('writes a timed event in its time zone, with a VTIMEZONE, so recurrences keep local time', () => {
    const text = buildEvent(
      {
        ...fields,
        start: '2026-03-05T18:00:00+01:00',
        end: '2026-03-05T19:30:00+01:00',
        rrule: 'FREQ=WEEKLY;COUNT=8',
        timeZone: 'europe/paris',
      },
      'tz-1',
    );
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20260305T180000');
    expect(text).toContain('DTEND;TZID=Europe/Paris:20260305T193000');
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Paris\r\n/);
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(parseICalendar(text)).toMatchObject({
      dtstart: new Date('2026-03-05T17:00:00Z'),
      timezone: 'Europe/Paris',
    });
    expect(eventSummaryOf(text)).toMatchObject({
      start: '2026-03-05T17:00:00.000Z',
      end: '2026-03-05T18:30:00.000Z',
      timeZone: 'Europe/Paris',
    });
    const starts = expandOccurrences(text, {
      start: new Date('2026-03-01T00:00:00Z'),
      end: new Date('2026-05-01T00:00:00Z'),
    }).map((occurrence) => occurrence.start.toISOString());
    expect(starts).toEqual([
      '2026-03-05T17:00:00.000Z',
      '2026-03-12T17:00:00.000Z',
      '2026-03-19T17:00:00.000Z',
      '2026-03-26T17:00:00.000Z',
      '2026-04-02T16:00:00.000Z',
      '2026-04-09T16:00:00.000Z',
      '2026-04-16T16:00:00.000Z',
      '2026-04-23T16:00:00.000Z',
    ]);
  });

  it('keeps all-day events without a zone, and refuses an unknown zone', () => {
    const allDay = buildEvent({
      ...fields,
      allDay: true,
      start: '2026-07-14',
      end: '2026-07-15',
      timeZone: 'Europe/Paris',
    });
    expect(allDay).toContain('DTSTART;VALUE=DATE:20260714');
    expect(allDay).not.toContain('VTIMEZONE');
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00']) {
      try {
        buildEvent({ ...fields, timeZone });
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(FoyerError);
        expect((error as FoyerError).code).toBe('INVALID_TIME_ZONE');
        expect((error as FoyerError).status).toBe(400);
      }
    }
  });

  it('moves an event into a zone, keeps its zone on a later change, and back to UTC', () => {
    const utc = buildEvent({
      ...fields,
      start: '2026-03-05T17:00:00Z',
      end: '2026-03-05T18:00:00Z',
    });
    const zoned = changeEvent(utc, { timeZone: 'America/New_York' });
    expect(zoned).toContain('DTSTART;TZID=America/New_York:20260305T120000');
    expect(eventSummaryOf(zoned)).toMatchObject({
      start: '2026-03-05T17:00:00.000Z',
      timeZone: 'America/New_York',
    });
    const moved = changeEvent(zoned, {
      start: '2026-03-10T13:00:00Z',
      end: '2026-03-10T14:00:00Z',
    });
    expect(moved).toContain('DTSTART;TZID=America/New_York:20260310T090000');
    expect(moved.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    const back = changeEvent(moved, { timeZone: null });
    expect(back).toContain('DTSTART:20260310T130000Z');
    expect(back).not.toContain('VTIMEZONE');
    expect(eventSummaryOf(back).timeZone).toBeNull();
  });

  it('builds all-day events from dates', () => {
    const text = buildEvent({
      ...fields,
      allDay: true,
      start: '2025-07-14',
      end: '2025-07-15',
      rrule: null,
    });
    expect(text).toContain('DTSTART;VALUE=DATE:20250714');
    expect(eventSummaryOf(text)).toMatchObject({
      allDay: true,
      start: '2025-07-14',
      end: '2025-07-15',
    });
  });

  it.each([
    [{ start: '2025-03-14T19:00:00' }, 'INVALID_ICALENDAR'],
    [{ start: 'tomorrow' }, 'INVALID_ICALENDAR'],
    [{ allDay: true, start: '2025-02-30', end: '2025-03-01' }, 'INVALID_ICALENDAR'],
    [{ end: '2025-03-14T17:00:00Z' }, 'INVALID_TIME_RANGE'],
    [{ rrule: 'FREQ=SOMETIMES' }, 'INVALID_ICALENDAR'],
    [{ rrule: 'COUNT=3' }, 'INVALID_ICALENDAR'],
  ])('refuses %j', (change, code) => {
    try {
      buildEvent({ ...fields, ...change });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(FoyerError);
      expect((error as FoyerError).code).toBe(code);
      expect((error as FoyerError).status).toBe(400);
    }
  });

  it('changes the master only, keeping overrides and bumping SEQUENCE', () => {
    const stored = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Other//EN',
      'BEGIN:VEVENT',
      'UID:r',
      'DTSTAMP:20250101T000000Z',
      'DTSTART:20250301T100000Z',
      'DTEND:20250301T110000Z',
      'RRULE:FREQ=DAILY;COUNT=3',
      'SUMMARY:Standup',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-PT5M',
      'DESCRIPTION:soon',
      'END:VALARM',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:r',
      'DTSTAMP:20250101T000000Z',
      'RECURRENCE-ID:20250302T100000Z',
      'DTSTART:20250302T120000Z',
      'DTEND:20250302T130000Z',
      'SUMMARY:Standup (moved)',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const changed = changeEvent(stored, { summary: 'Daily', rrule: null });
    expect(changed).toContain('SUMMARY:Daily');
    expect(changed).toContain('SUMMARY:Standup (moved)');
    expect(changed).toContain('BEGIN:VALARM');
    expect(changed).toContain('SEQUENCE:1');
    expect(changed).not.toContain('RRULE');
    expect(parseICalendar(changed).recurring).toBe(false);
    const moved = changeEvent(stored, { start: '2025-03-01T09:00:00Z' });
    expect(eventSummaryOf(moved)).toMatchObject({
      start: '2025-03-01T09:00:00.000Z',
      end: '2025-03-01T11:00:00.000Z',
    });
  });
});
