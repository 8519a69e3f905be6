import { randomUUID } from 'node:crypto';
import { FoyerError } from '@foyer/core';
import { ICAL, IcalComponent, IcalTime } from '../model/ical';
import {
  buildVtimezone,
  canonicalTimeZone,
  isKnownTimeZone,
  utcOffsetMinutes,
} from '../model/vtimezone';
import { PimErrorCode } from '../pim-error-code';

/** The fields of an event the web app edits; everything else in the iCalendar stays. */
export interface EventFields {
  summary: string;
  /** ISO 8601: a date-time with an offset or `Z`, or a date (`2025-03-14`) for all-day events. */
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  description: string | null;
  /** An RFC 5545 RRULE value (`FREQ=WEEKLY;COUNT=10`), or null. */
  rrule: string | null;
  /**
   * The IANA time zone a timed event is written in (`Europe/Paris`: DTSTART;TZID=… in local time
   * with a VTIMEZONE, so recurrences keep their local time across DST changes); null: UTC.
   * Ignored for all-day events.
   */
  timeZone?: string | null;
}

export type EventChanges = Partial<EventFields>;

/** What the web app shows of an event object (its master component). */
export interface EventSummary {
  summary: string | null;
  start: string | null;
  end: string | null;
  allDay: boolean;
  location: string | null;
  description: string | null;
  rrule: string | null;
  /** The TZID of DTSTART of a timed event, when it has one. */
  timeZone: string | null;
}

export const FOYER_PRODID = '-//Foyer//Foyer//EN';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function invalidEvent(message: string): FoyerError {
  return new FoyerError(400, PimErrorCode.InvalidIcalendar, message);
}

/** A `start`/`end` as an ical.js time: a DATE for all-day events, else a UTC DATE-TIME. */
function timeOf(field: string, value: string, allDay: boolean): IcalTime {
  if (allDay) {
    if (!DATE.test(value)) throw invalidEvent(`${field} of an all-day event is a date: YYYY-MM-DD`);
    const time = ICAL.Time.fromDateString(value);
    if (time.toString() !== value) throw invalidEvent(`${field} is not a real date`);
    return time;
  }
  const instant = new Date(value);
  if (!DATE_TIME.test(value) || Number.isNaN(instant.getTime())) {
    throw invalidEvent(`${field} is a date-time with an offset: 2025-03-14T09:00:00Z`);
  }
  return ICAL.Time.fromJSDate(instant, true);
}

function recurOf(value: string): InstanceType<typeof ICAL.Recur> {
  let recur: InstanceType<typeof ICAL.Recur>;
  try {
    recur = ICAL.Recur.fromString(value.replace(/^RRULE:/i, ''));
  } catch (error) {
    throw invalidEvent(`rrule: ${(error as Error).message}`);
  }
  if (!recur.freq) throw invalidEvent('rrule needs a FREQ (FREQ=WEEKLY;COUNT=10)');
  return recur;
}

function setText(component: IcalComponent, name: string, value: string | null): void {
  component.removeAllProperties(name);
  if (value !== null && value !== '') component.addPropertyWithValue(name, value);
}

function master(root: IcalComponent): IcalComponent {
  const found = root
    .getAllSubcomponents('vevent')
    .find((component) => !component.hasProperty('recurrence-id'));
  if (!found) throw invalidEvent('The event has no master VEVENT to change');
  return found;
}

/** The VTIMEZONEs of the calendar first, then its other components (the usual order). */
function timezonesFirst(root: IcalComponent): void {
  const others = root.getAllSubcomponents().filter((component) => component.name !== 'vtimezone');
  for (const component of others) root.removeSubcomponent(component);
  for (const component of others) root.addSubcomponent(component);
}

function tzidsUsed(root: IcalComponent): Set<string> {
  const used = new Set<string>();
  const visit = (component: IcalComponent) => {
    if (component.name === 'vtimezone') return;
    for (const property of component.getAllProperties()) {
      const tzid = property.getParameter('tzid');
      if (typeof tzid === 'string') used.add(tzid);
    }
    component.getAllSubcomponents().forEach(visit);
  };
  visit(root);
  return used;
}

/** The zone times are written in: its VTIMEZONE, and its IANA name when the platform knows it. */
interface WritingZone {
  tzid: string;
  timezone: InstanceType<typeof ICAL.Timezone>;
  iana: string | null;
}

/**
 * The zone the times are written in: for a zone asked for, a VTIMEZONE generated from the
 * platform's data replaces any of that TZID; for the zone the event already had, its VTIMEZONE
 * stays (or is generated when missing and the name is an IANA one). Null: UTC.
 */
function zoneFor(
  root: IcalComponent,
  name: string,
  asked: boolean,
  reference: Date,
): WritingZone | null {
  const known = isKnownTimeZone(name);
  const existing = root
    .getAllSubcomponents('vtimezone')
    .find((zone) => zone.getFirstPropertyValue('tzid') === name);
  if (!asked && existing) {
    const timezone = new ICAL.Timezone(existing);
    return { tzid: name, timezone, iana: known ? canonicalTimeZone(name) : null };
  }
  if (!asked && !known) return null;
  const generated = buildVtimezone(name, reference);
  const tzid = String(generated.getFirstPropertyValue('tzid'));
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    if (zone.getFirstPropertyValue('tzid') === tzid) root.removeSubcomponent(zone);
  }
  root.addSubcomponent(generated);
  timezonesFirst(root);
  return { tzid, timezone: new ICAL.Timezone(generated), iana: tzid };
}

/** An instant written in a zone: its wall-clock time there, with the TZID parameter. */
function setTime(
  event: IcalComponent,
  name: string,
  time: IcalTime,
  zone: WritingZone | null,
): void {
  if (!zone || time.isDate) {
    event.addPropertyWithValue(name, time);
    return;
  }
  let local: IcalTime;
  if (zone.iana) {
    const instant = time.toJSDate().getTime();
    const wall = new Date(instant + utcOffsetMinutes(zone.iana, instant) * 60_000);
    local = new ICAL.Time(
      {
        year: wall.getUTCFullYear(),
        month: wall.getUTCMonth() + 1,
        day: wall.getUTCDate(),
        hour: wall.getUTCHours(),
        minute: wall.getUTCMinutes(),
        second: wall.getUTCSeconds(),
        isDate: false,
      },
      zone.timezone,
    );
  } else {
    local = time.convertToZone(zone.timezone);
  }
  const property = event.addPropertyWithValue(name, local);
  property.setParameter('tzid', zone.tzid);
}

function apply(root: IcalComponent, event: IcalComponent, changes: EventChanges): void {
  if (changes.summary !== undefined) setText(event, 'summary', changes.summary);
  if (changes.location !== undefined) setText(event, 'location', changes.location);
  if (changes.description !== undefined) setText(event, 'description', changes.description);
  const touchesTimes =
    changes.start !== undefined ||
    changes.end !== undefined ||
    changes.allDay !== undefined ||
    changes.timeZone !== undefined;
  if (touchesTimes) {
    const current = summaryOfComponent(event);
    const allDay = changes.allDay ?? current.allDay;
    const start = changes.start ?? current.start;
    const end = changes.end ?? current.end;
    const asked = changes.timeZone !== undefined;
    const timeZone = asked ? changes.timeZone : current.timeZone;
    if (!start || !end) throw invalidEvent('An event needs a start and an end');
    const startTime = timeOf('start', start, allDay);
    const endTime = timeOf('end', end, allDay);
    if (endTime.compare(startTime) <= 0) {
      throw new FoyerError(400, PimErrorCode.InvalidTimeRange, 'end must be after start');
    }
    // A zone asked for is checked even for an all-day event, which is written without one.
    if (asked && timeZone && allDay) canonicalTimeZone(timeZone);
    const zone = timeZone && !allDay ? zoneFor(root, timeZone, asked, startTime.toJSDate()) : null;
    event.removeAllProperties('dtstart');
    event.removeAllProperties('dtend');
    event.removeAllProperties('duration');
    setTime(event, 'dtstart', startTime, zone);
    setTime(event, 'dtend', endTime, zone);
    const used = tzidsUsed(root);
    for (const unused of root.getAllSubcomponents('vtimezone')) {
      if (!used.has(String(unused.getFirstPropertyValue('tzid')))) {
        root.removeSubcomponent(unused);
      }
    }
  }
  if (changes.rrule !== undefined) {
    event.removeAllProperties('rrule');
    if (changes.rrule) event.addPropertyWithValue('rrule', recurOf(changes.rrule));
  }
}

function stamp(event: IcalComponent): void {
  const now = ICAL.Time.fromJSDate(new Date(), true);
  event.updatePropertyWithValue('dtstamp', now);
  event.updatePropertyWithValue('last-modified', now);
  const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
  event.updatePropertyWithValue('sequence', Number.isFinite(sequence) ? sequence + 1 : 1);
}

function serialise(root: IcalComponent): string {
  return `${root.toString().replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** A new VCALENDAR holding one VEVENT built from the web app's fields. */
export function buildEvent(fields: EventFields, uid: string = randomUUID()): string {
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', FOYER_PRODID);
  const event = new ICAL.Component('vevent');
  event.addPropertyWithValue('uid', uid);
  const now = ICAL.Time.fromJSDate(new Date(), true);
  event.addPropertyWithValue('dtstamp', now);
  event.addPropertyWithValue('created', now);
  root.addSubcomponent(event);
  apply(root, event, fields);
  return serialise(root);
}

/**
 * The stored event with the changes applied to its master VEVENT (overrides, alarms, attendees
 * and time zones stay), DTSTAMP and LAST-MODIFIED set to now and SEQUENCE bumped.
 */
export function changeEvent(content: string, changes: EventChanges): string {
  const root = new ICAL.Component(ICAL.parse(content) as unknown[]);
  const event = master(root);
  apply(root, event, changes);
  stamp(event);
  return serialise(root);
}

function isoOf(time: IcalTime | null): string | null {
  if (!time) return null;
  if (time.isDate) return time.toString();
  return time.toJSDate().toISOString();
}

function text(component: IcalComponent, name: string): string | null {
  const value = component.getFirstPropertyValue(name) as unknown;
  return typeof value === 'string' && value !== '' ? value : null;
}

function summaryOfComponent(event: IcalComponent): EventSummary {
  const wrapped = new ICAL.Event(event);
  const start = event.hasProperty('dtstart') ? wrapped.startDate : null;
  const end = start ? wrapped.endDate : null;
  const rrule = event.getFirstPropertyValue('rrule') as unknown;
  const tzid = event.getFirstProperty('dtstart')?.getParameter('tzid');
  return {
    summary: text(event, 'summary'),
    start: isoOf(start),
    end: isoOf(end),
    allDay: !!start?.isDate,
    location: text(event, 'location'),
    description: text(event, 'description'),
    rrule: rrule instanceof ICAL.Recur ? rrule.toString() : null,
    timeZone: typeof tzid === 'string' && tzid !== '' && start && !start.isDate ? tzid : null,
  };
}

/** What the web app shows of a stored event (its master VEVENT, or its first component). */
export function eventSummaryOf(content: string): EventSummary {
  const root = new ICAL.Component(ICAL.parse(content) as unknown[]);
  const events = root.getAllSubcomponents('vevent');
  const event = events.find((component) => !component.hasProperty('recurrence-id')) ?? events[0];
  if (!event) {
    return {
      summary: null,
      start: null,
      end: null,
      allDay: false,
      location: null,
      description: null,
      rrule: null,
      timeZone: null,
    };
  }
  return summaryOfComponent(event);
}

/** The summary of one instance's component (an override shows its own title and place). */
export function componentDetails(
  event: IcalComponent,
): Pick<EventSummary, 'location' | 'description'> {
  return { location: text(event, 'location'), description: text(event, 'description') };
}
