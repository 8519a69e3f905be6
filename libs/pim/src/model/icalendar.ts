import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import { ICAL, IcalComponent, IcalTime } from './ical';
import { PimComponent } from './pim-object-kind';
import { assertBoundedText } from './text-limits';
import { overlaps, TimeRange } from './time-range';
import { withinWorkBudget } from './work-budget';

/** What is kept of a calendar object beside its text, for queries and for the web app. */
export interface ParsedCalendarObject {
  uid: string;
  component: Exclude<PimComponent, 'VCARD'>;
  summary: string | null;
  /** The master's (or first instance's) start and end, UTC; null for a task without dates. */
  dtstart: Date | null;
  dtend: Date | null;
  allDay: boolean;
  /** The TZID of DTSTART, when it has one. */
  timezone: string | null;
  recurring: boolean;
  /**
   * Bounds of every instance, widened for floating and all-day times (which read as UTC here):
   * a prefilter for time-range queries, which then expand. Null: unbounded on that side.
   */
  rangeStart: Date | null;
  rangeEnd: Date | null;
}

/** One instance of an event or task in a range, overrides applied. */
export interface Occurrence {
  uid: string;
  start: Date;
  end: Date;
  allDay: boolean;
  summary: string | null;
  /** The RECURRENCE-ID of the instance (UTC); null for a non-recurring object. */
  recurrenceId: Date | null;
  /** The component the instance is from: the master, or its override. */
  component: IcalComponent;
}

/** At most this many instances are walked per object (a daily event for ~27 years). */
export const MAX_INSTANCES_WALKED = 10_000;
/**
 * Writing an object walks at most this many instances to bound it (a longer recurrence is stored
 * as open-ended, which only widens the prefilter): ~20 µs each, this keeps a write well inside
 * OBJECT_WORK.
 */
const MAX_INSTANCES_BOUNDED = 500;
/** At most this many instances are returned per object and range. */
export const MAX_OCCURRENCES = 1_000;

/** ECMAScript dates reach ±8.64e15 ms; ical.js computes further (year 275760 and beyond). */
const MAX_INSTANT_MS = 8.64e15;
/** Floating and all-day times read as UTC; a zone can be up to 14 hours away. */
const FLOATING_SLACK_MS = 14 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

interface CalendarParts {
  root: IcalComponent;
  kind: Exclude<PimComponent, 'VCARD'>;
  uid: string;
  /** The components without RECURRENCE-ID (at most one) and the overrides. */
  master: IcalComponent | null;
  overrides: IcalComponent[];
}

function invalid(message: string): FoyerError {
  return new FoyerError(400, PimErrorCode.InvalidIcalendar, message);
}

function parseRoots(text: string): IcalComponent[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw invalid(`Not iCalendar: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw invalid('Not iCalendar');
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[][];
  return list.map((jcal) => {
    const component = new ICAL.Component(jcal);
    if (component.name !== 'vcalendar') {
      throw invalid(`Expected BEGIN:VCALENDAR, found ${component.name.toUpperCase()}`);
    }
    return component;
  });
}

/** The instant of a time, UTC ms. A floating time with an unknown TZID reads in that IANA zone. */
export function instantOf(time: IcalTime, tzidHint: string | null = null): number {
  const at = wallInstant(time, tzidHint);
  if (!Number.isFinite(at) || Math.abs(at) >= MAX_INSTANT_MS) {
    throw invalid('A date or time is out of the range a calendar can hold');
  }
  return at;
}

function wallInstant(time: IcalTime, tzidHint: string | null): number {
  const utc = time.toUnixTime() * 1000;
  if (time.isDate || !tzidHint || time.zone?.tzid !== 'floating') return utc;
  const offset = ianaOffsetMs(tzidHint, utc);
  if (offset === null) return utc;
  // The wall time read in the zone: correct the offset once more across a DST change.
  const first = utc - offset;
  const second = ianaOffsetMs(tzidHint, first);
  return second === null ? first : utc - second;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** The offset of an IANA zone at an instant (Intl), or null for a name Intl does not know. */
function ianaOffsetMs(tzid: string, at: number): number | null {
  let formatter = formatters.get(tzid);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: tzid,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      formatter = null;
    }
    if (formatters.size < 1000) formatters.set(tzid, formatter);
  }
  if (!formatter) return null;
  const parts = Object.fromEntries(
    formatter.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return wall - Math.floor(at / 1000) * 1000;
}

function tzidOf(component: IcalComponent, property: string): string | null {
  const value = component.getFirstProperty(property)?.getParameter('tzid');
  return typeof value === 'string' && value !== '' ? value : null;
}

function timeOf(component: IcalComponent, property: string): IcalTime | null {
  const value = component.getFirstPropertyValue(property) as unknown;
  return value instanceof ICAL.Time ? value : null;
}

function isFloating(time: IcalTime | null): boolean {
  return !!time && (time.isDate || time.zone?.tzid === 'floating');
}

/** Validates the shape CalDAV demands of one calendar object resource (RFC 4791 §4.1). */
function partsOf(root: IcalComponent): CalendarParts {
  const components = root.getAllSubcomponents().filter((c) => c.name !== 'vtimezone');
  if (components.length === 0) throw invalid('The VCALENDAR holds no VEVENT, VTODO or VJOURNAL');
  const kinds = new Set(components.map((c) => c.name.toUpperCase()));
  if (kinds.size !== 1) {
    throw invalid(`One kind of component per object (found ${[...kinds].join(', ')})`);
  }
  const kind = [...kinds][0];
  if (kind !== 'VEVENT' && kind !== 'VTODO' && kind !== 'VJOURNAL') {
    throw invalid(`${kind} objects are not stored; VEVENT, VTODO and VJOURNAL are`);
  }
  const uids = new Set<string>();
  for (const component of components) {
    const all = component.getAllProperties('uid');
    if (all.length !== 1) throw invalid(`Each ${kind} needs exactly one UID`);
    uids.add(String(all[0].getFirstValue() ?? '').trim());
  }
  if (uids.size !== 1 || uids.has('')) throw invalid('All components of an object share one UID');
  const masters = components.filter((c) => !c.hasProperty('recurrence-id'));
  if (masters.length > 1) throw invalid(`Only one ${kind} without RECURRENCE-ID per object`);
  const overrides = components.filter((c) => c.hasProperty('recurrence-id'));
  const seen = new Set<number>();
  for (const override of overrides) {
    const id = timeOf(override, 'recurrence-id');
    if (!id) throw invalid('RECURRENCE-ID must be a date or a date-time');
    const at = instantOf(id, tzidOf(override, 'recurrence-id'));
    if (seen.has(at)) throw invalid('Two overrides of one instance');
    seen.add(at);
  }
  for (const component of components) validateTimes(component, kind);
  return { root, kind, uid: [...uids][0], master: masters[0] ?? null, overrides };
}

function validateTimes(component: IcalComponent, kind: string): void {
  const start = timeOf(component, 'dtstart');
  if (kind === 'VEVENT' && !start) throw invalid('A VEVENT needs a DTSTART');
  if (component.hasProperty('dtend') && component.hasProperty('duration')) {
    throw invalid('DTEND and DURATION cannot both be given');
  }
  const end = timeOf(component, kind === 'VTODO' ? 'due' : 'dtend');
  if (start && end) {
    const a = instantOf(start, tzidOf(component, 'dtstart'));
    const b = instantOf(end, tzidOf(component, kind === 'VTODO' ? 'due' : 'dtend'));
    if (b < a) throw invalid(`${kind === 'VTODO' ? 'DUE' : 'DTEND'} is before DTSTART`);
  }
  if (component.getAllProperties('rrule').length > 1) throw invalid('At most one RRULE');
}

/** Parses and validates one calendar object resource (one VCALENDAR). */
function loadCalendar(text: string): CalendarParts {
  assertBoundedText(text, 'icalendar');
  const roots = parseRoots(text);
  if (roots.length !== 1) throw invalid(`One VCALENDAR per object (found ${roots.length})`);
  return partsOf(roots[0]);
}

function checkedBounds(bounds: { start: number; end: number }): { start: number; end: number } {
  for (const at of [bounds.start, bounds.end]) {
    if (!Number.isFinite(at) || Math.abs(at) >= MAX_INSTANT_MS) {
      throw invalid('A date or time is out of the range a calendar can hold');
    }
  }
  return bounds;
}

/** Start and end of one instance, UTC ms, with the RFC 4791 §9.9 defaults for a missing end. */
function instanceBounds(
  component: IcalComponent,
  kind: string,
  start: IcalTime | null,
  end: IcalTime | null,
): { start: number; end: number } | null {
  const bounds = rawInstanceBounds(component, kind, start, end);
  return bounds && checkedBounds(bounds);
}

function rawInstanceBounds(
  component: IcalComponent,
  kind: string,
  start: IcalTime | null,
  end: IcalTime | null,
): { start: number; end: number } | null {
  const startTz = tzidOf(component, 'dtstart');
  if (kind === 'VTODO') {
    const due = timeOf(component, 'due');
    if (!start && !due) return null;
    const a = start
      ? instantOf(start, startTz)
      : instantOf(due as IcalTime, tzidOf(component, 'due'));
    const b = end ? instantOf(end, tzidOf(component, 'due') ?? startTz) : a;
    return { start: a, end: Math.max(a, b) };
  }
  if (!start) return null;
  const a = instantOf(start, startTz);
  if (end) return { start: a, end: instantOf(end, tzidOf(component, 'dtend') ?? startTz) };
  return { start: a, end: start.isDate ? a + DAY_MS : a };
}

function eventOf(parts: CalendarParts): InstanceType<typeof ICAL.Event> | null {
  if (!parts.master) return null;
  const event = new ICAL.Event(parts.master, { strictExceptions: false });
  for (const override of parts.overrides) event.relateException(override);
  return event;
}

/** The end of an instance of the master or an override (DTEND, DURATION, DUE or the defaults). */
function endOf(component: IcalComponent, kind: string, start: IcalTime): IcalTime | null {
  const end = timeOf(component, kind === 'VTODO' ? 'due' : 'dtend');
  if (end) return end;
  const duration = component.getFirstPropertyValue('duration') as unknown;
  if (duration instanceof ICAL.Duration) {
    const copy = start.clone();
    copy.addDuration(duration);
    return copy;
  }
  return null;
}

/**
 * Walks the instances of an object in order of their RECURRENCE-ID, overrides applied, calling
 * `visit` until it returns false, the recurrence ends or MAX_INSTANCES_WALKED is reached.
 * Returns whether the walk was cut by the cap.
 */
function walkInstances(
  parts: CalendarParts,
  visit: (occurrence: Occurrence, recurrenceAt: number) => boolean,
  options: { cap?: number; skipBefore?: number } = {},
): boolean {
  const event = eventOf(parts);
  const tz = parts.master ? tzidOf(parts.master, 'dtstart') : null;
  const cap = options.cap ?? MAX_INSTANCES_WALKED;
  const skipUntil = skipHorizon(parts, event, options.skipBefore);
  const emit = (component: IcalComponent, recurrenceId: IcalTime | null, recurrenceAt: number) => {
    const start = timeOf(component, 'dtstart');
    const bounds = instanceBounds(
      component,
      parts.kind,
      start,
      start ? endOf(component, parts.kind, start) : null,
    );
    if (!bounds) return visitUnbounded(component);
    return visit(
      {
        uid: parts.uid,
        start: new Date(bounds.start),
        end: new Date(bounds.end),
        allDay: !!start?.isDate,
        summary: textOf(component, 'summary'),
        recurrenceId: recurrenceId ? new Date(recurrenceAt) : null,
        component,
      },
      recurrenceAt,
    );
  };
  const visitUnbounded = (component: IcalComponent) =>
    visit(
      {
        uid: parts.uid,
        start: new Date(-8.64e15),
        end: new Date(8.64e15),
        allDay: false,
        summary: textOf(component, 'summary'),
        recurrenceId: null,
        component,
      },
      -8.64e15,
    );
  if (!event || !event.isRecurring()) {
    // No master (only overrides, as invitations may carry) or a single instance.
    const components = parts.master ? [parts.master] : parts.overrides;
    for (const component of components) {
      const id = timeOf(component, 'recurrence-id');
      const at = id ? instantOf(id, tzidOf(component, 'recurrence-id')) : 0;
      if (!emit(component, id, at)) break;
    }
    return false;
  }
  const iterator = event.iterator();
  for (let walked = 0; ; walked += 1) {
    if (walked >= cap) return true;
    const next = iterator.next();
    if (!next) return false;
    if (skipUntil !== null && wallClockMs(next) < skipUntil.wallBefore) continue;
    const at = instantOf(next, tz);
    if (skipUntil !== null && at < skipUntil.before && !skipUntil.overrides.has(at)) continue;
    const details = event.getOccurrenceDetails(next);
    const component = details.item.component;
    const start = details.startDate;
    const end = details.endDate;
    const bounds = instanceBounds(component, parts.kind, start, end);
    if (!bounds) continue;
    const keepGoing = visit(
      {
        uid: parts.uid,
        start: new Date(bounds.start),
        end: new Date(bounds.end),
        allDay: start.isDate,
        summary: textOf(component, 'summary'),
        recurrenceId: new Date(at),
        component,
      },
      at,
    );
    if (!keepGoing) return false;
  }
}

/**
 * Instances of the master that end before `skipBefore` need not be looked at (getting their
 * details is most of a walk's cost): those starting before the returned instant, unless an
 * override moves them. Null when the master's instances may differ in length (RDATE periods,
 * THISANDFUTURE overrides) or there is nothing to skip.
 */
function skipHorizon(
  parts: CalendarParts,
  event: InstanceType<typeof ICAL.Event> | null,
  skipBefore: number | undefined,
): { before: number; wallBefore: number; overrides: Set<number> } | null {
  if (skipBefore === undefined || !parts.master || !event) return null;
  if (parts.master.hasProperty('rdate') || event.rangeExceptions.length > 0) return null;
  const start = timeOf(parts.master, 'dtstart');
  if (!start) return null;
  const bounds = instanceBounds(
    parts.master,
    parts.kind,
    start,
    endOf(parts.master, parts.kind, start),
  );
  if (!bounds) return null;
  const overrides = new Set(
    parts.overrides.map((override) =>
      instantOf(timeOf(override, 'recurrence-id') as IcalTime, tzidOf(override, 'recurrence-id')),
    ),
  );
  const before = skipBefore - (bounds.end - bounds.start) - 2 * FLOATING_SLACK_MS - DAY_MS;
  // Zone offsets stay within ±99 hours (TZOFFSETTO's two digits): wall-clock times this far
  // before the horizon need no conversion, which costs more than the rest of a step.
  const wallBefore = Math.min(before, ...overrides) - 5 * DAY_MS;
  return { before, wallBefore, overrides };
}

/** The wall-clock fields of a time read as UTC: no zone conversion. */
function wallClockMs(time: IcalTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

function textOf(component: IcalComponent, property: string): string | null {
  const value = component.getFirstPropertyValue(property) as unknown;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Validates one calendar object resource and extracts what queries need. Refused (400
 * INVALID_ICALENDAR, with the reason): unparseable text, several VCALENDARs, mixed component
 * kinds, a missing or differing UID, two masters, a VEVENT without DTSTART, an end before the
 * start, a date out of range, a NUL; 400 OBJECT_TOO_COMPLEX past the limits of text-limits.ts or
 * when expanding its recurrence or time zones takes more than OBJECT_WORK (work-budget.ts).
 */
export function parseICalendar(text: string): ParsedCalendarObject {
  return withinWorkBudget(() => refusingIcalErrors(() => parseBounded(text)));
}

/**
 * ical.js throws plain errors on rules it cannot expand ("Same occurrence found twice",
 * malformed BYDAY, a rule that never occurs): they are the object's fault, so 400.
 */
function refusingIcalErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof FoyerError || !(error instanceof Error)) throw error;
    throw invalid(`It cannot be read or expanded: ${error.message}`);
  }
}

function parseBounded(text: string): ParsedCalendarObject {
  const parts = loadCalendar(text);
  const first = parts.master ?? parts.overrides[0];
  const start = timeOf(first, 'dtstart');
  const startTz = tzidOf(first, 'dtstart');
  const single = instanceBounds(
    first,
    parts.kind,
    start,
    start ? endOf(first, parts.kind, start) : null,
  );
  const recurring =
    !!parts.master && (parts.master.hasProperty('rrule') || parts.master.hasProperty('rdate'));
  let rangeStart: number | null = null;
  let rangeEnd: number | null = null;
  let unbounded = false;
  let floating = isFloating(start) && !startTz;
  const rule = parts.master?.getFirstPropertyValue('rrule') as unknown;
  // An endless rule is open-ended: its first instance is all the walk would tell.
  const endless = rule instanceof ICAL.Recur && !rule.isFinite();
  const cut =
    walkInstances(
      parts,
      (occurrence) => {
        const a = occurrence.start.getTime();
        const b = occurrence.end.getTime();
        if (a <= -8.64e15) unbounded = true;
        rangeStart = rangeStart === null ? a : Math.min(rangeStart, a);
        rangeEnd = rangeEnd === null ? b : Math.max(rangeEnd, b);
        floating ||= occurrence.allDay;
        return !endless;
      },
      { cap: MAX_INSTANCES_BOUNDED },
    ) || endless;
  // A recurrence cut by the cap, or with no end, is open-ended; so is a task without dates.
  if (cut) rangeEnd = null;
  if (parts.kind === 'VTODO' && recurring) rangeEnd = null;
  if (unbounded) {
    rangeStart = null;
    rangeEnd = null;
  }
  for (const override of parts.overrides) {
    // Overrides the walk may not reach (moved far away, or orphaned) still bound the object.
    const overrideStart = timeOf(override, 'dtstart');
    const bounds = instanceBounds(
      override,
      parts.kind,
      overrideStart,
      overrideStart ? endOf(override, parts.kind, overrideStart) : null,
    );
    if (!bounds || unbounded) continue;
    if (rangeStart !== null) rangeStart = Math.min(rangeStart, bounds.start);
    if (rangeEnd !== null) rangeEnd = Math.max(rangeEnd, bounds.end);
  }
  const slack = floating ? FLOATING_SLACK_MS : 0;
  const startValue = rangeStart as number | null;
  const endValue = rangeEnd as number | null;
  return {
    uid: parts.uid,
    component: parts.kind,
    summary: textOf(first, 'summary'),
    dtstart: single ? new Date(single.start) : null,
    dtend: single ? new Date(single.end) : null,
    allDay: !!start?.isDate,
    timezone: startTz,
    recurring,
    rangeStart: startValue === null ? null : new Date(startValue - slack),
    rangeEnd: endValue === null ? null : new Date(endValue + slack),
  };
}

/**
 * The instances of an object that overlap a range (RECURRENCE-ID order), overrides applied,
 * EXDATEs left out and RDATEs added; at most `limit`. An override whose RECURRENCE-ID lies
 * after the range but which was moved into it is found too.
 */
export function expandOccurrences(
  text: string,
  range: TimeRange,
  limit = MAX_OCCURRENCES,
): Occurrence[] {
  return atQuery(() => expandParts(loadCalendar(text), range, limit), []);
}

/**
 * Stored objects passed the same bounds when written, but a query may reach further (a zone's
 * rules expanded to a far year): an object that needs too much work then gives `fallback`
 * rather than failing the whole query.
 */
function atQuery<T>(work: () => T, fallback: T): T {
  try {
    return withinWorkBudget(() => refusingIcalErrors(work));
  } catch (error) {
    if (
      error instanceof FoyerError &&
      (error.code === PimErrorCode.ObjectTooComplex || error.code === PimErrorCode.InvalidIcalendar)
    ) {
      return fallback;
    }
    throw error;
  }
}

function expandParts(parts: CalendarParts, range: TimeRange, limit: number): Occurrence[] {
  const found: Occurrence[] = [];
  const seen = new Set<number>();
  const rangeEnd = range.end.getTime();
  walkInstances(
    parts,
    (occurrence, recurrenceAt) => {
      // Instances come in RECURRENCE-ID order; past the range only moved overrides can matter.
      if (recurrenceAt >= rangeEnd + FLOATING_SLACK_MS && occurrence.recurrenceId) return false;
      if (overlaps(occurrence.start.getTime(), occurrence.end.getTime(), range)) {
        found.push(occurrence);
        seen.add(recurrenceAt);
      }
      return found.length < limit;
    },
    { skipBefore: range.start.getTime() },
  );
  if (parts.master && found.length < limit) {
    const moved: { override: IcalComponent; at: number; bounds: { start: number; end: number } }[] =
      [];
    for (const override of parts.overrides) {
      const id = timeOf(override, 'recurrence-id') as IcalTime;
      const at = instantOf(id, tzidOf(override, 'recurrence-id'));
      if (seen.has(at)) continue;
      const start = timeOf(override, 'dtstart');
      const bounds = instanceBounds(
        override,
        parts.kind,
        start,
        start ? endOf(override, parts.kind, start) : null,
      );
      if (bounds && overlaps(bounds.start, bounds.end, range)) moved.push({ override, at, bounds });
    }
    // Only an instance the recurrence really has (or an RDATE) may be moved: one walk for all.
    const instances = instancesAmong(
      parts,
      moved.map((candidate) => candidate.at),
    );
    for (const { override, at, bounds } of moved) {
      if (!instances.has(at)) continue;
      const start = timeOf(override, 'dtstart');
      found.push({
        uid: parts.uid,
        start: new Date(bounds.start),
        end: new Date(bounds.end),
        allDay: !!start?.isDate,
        summary: textOf(override, 'summary'),
        recurrenceId: new Date(at),
        component: override,
      });
      if (found.length >= limit) break;
    }
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Which of these instants (RECURRENCE-IDs, UTC ms) are instances of the recurrence. */
function instancesAmong(parts: CalendarParts, instants: readonly number[]): Set<number> {
  const wanted = new Set(instants);
  const found = new Set<number>();
  if (wanted.size === 0) return found;
  const last = Math.max(...wanted);
  walkInstances(parts, (_occurrence, recurrenceAt) => {
    if (wanted.has(recurrenceAt)) found.add(recurrenceAt);
    return found.size < wanted.size && recurrenceAt < last;
  });
  return found;
}

/**
 * Whether any instance of the object overlaps the range (calendar-query time-range). An object
 * too costly to expand matches: the client gets it and judges, rather than miss it.
 */
export function matchesTimeRange(text: string, range: TimeRange): boolean {
  return atQuery(() => expandParts(loadCalendar(text), range, 1).length > 0, true);
}

/** A deep copy, so that moving it under another parent leaves the original alone. */
function cloneComponent(component: IcalComponent): IcalComponent {
  return new ICAL.Component(JSON.parse(JSON.stringify(component.toJSON())) as unknown[]);
}

function utcTime(at: number, isDate: boolean): IcalTime {
  const time = ICAL.Time.fromJSDate(new Date(at), true);
  if (isDate) time.isDate = true;
  return time;
}

/**
 * RFC 4791 §9.6.5 (CALDAV:expand): the object rewritten as its instances in the range, each a
 * component without RRULE, RDATE or EXDATE, with a RECURRENCE-ID and its times in UTC; no
 * VTIMEZONE is needed any more.
 */
export function expandedCalendarText(text: string, range: TimeRange): string {
  return atQuery(() => expandedText(text, range), text);
}

function expandedText(text: string, range: TimeRange): string {
  const parts = loadCalendar(text);
  const occurrences = expandParts(parts, range, MAX_OCCURRENCES);
  const root = new ICAL.Component(['vcalendar', [], []]);
  for (const property of parts.root.getAllProperties())
    root.addProperty(ICAL.Property.fromString(property.toICALString()));
  for (const occurrence of occurrences) {
    const copy = cloneComponent(occurrence.component);
    for (const name of [
      'rrule',
      'rdate',
      'exdate',
      'recurrence-id',
      'dtstart',
      'dtend',
      'due',
      'duration',
    ]) {
      copy.removeAllProperties(name);
    }
    copy.addPropertyWithValue('dtstart', utcTime(occurrence.start.getTime(), occurrence.allDay));
    if (occurrence.end.getTime() !== occurrence.start.getTime() || parts.kind === 'VEVENT') {
      copy.addPropertyWithValue(
        parts.kind === 'VTODO' ? 'due' : 'dtend',
        utcTime(occurrence.end.getTime(), occurrence.allDay),
      );
    }
    if (occurrence.recurrenceId && parts.master && eventOf(parts)?.isRecurring()) {
      copy.addPropertyWithValue(
        'recurrence-id',
        utcTime(occurrence.recurrenceId.getTime(), occurrence.allDay),
      );
    }
    root.addSubcomponent(copy);
  }
  return root.toString() + '\r\n';
}

/** One object of a multi-object `.ics`, serialised with the VTIMEZONEs it uses, or why not. */
export type SplitICalendar =
  | { index: number; uid: string | null; content: string; object: ParsedCalendarObject }
  | { index: number; uid: string | null; error: FoyerError };

/**
 * Splits an `.ics` (an export of a whole calendar: many components in one VCALENDAR) into one
 * calendar object resource per UID, each carrying the VTIMEZONEs it refers to and validated on
 * its own, so that one bad event does not sink the file. Text ical.js cannot parse is refused
 * whole.
 */
export function splitICalendar(text: string): SplitICalendar[] {
  const results: SplitICalendar[] = [];
  let index = 0;
  for (const root of parseRoots(text)) {
    const zones = root.getAllSubcomponents('vtimezone');
    const groups = new Map<string, IcalComponent[]>();
    const orphans: IcalComponent[] = [];
    for (const component of root.getAllSubcomponents()) {
      if (component.name === 'vtimezone') continue;
      const uid = String(component.getFirstPropertyValue('uid') ?? '').trim();
      if (uid === '') orphans.push(component);
      else groups.set(uid, [...(groups.get(uid) ?? []), component]);
    }
    for (const orphan of orphans) {
      results.push({
        index: index++,
        uid: null,
        error: invalid(`A ${orphan.name.toUpperCase()} without UID`),
      });
    }
    for (const [uid, components] of groups) {
      const object = new ICAL.Component(['vcalendar', [], []]);
      object.addPropertyWithValue('version', '2.0');
      object.addPropertyWithValue(
        'prodid',
        String(root.getFirstPropertyValue('prodid') ?? '-//Foyer//Import//EN'),
      );
      const used = new Set<string>();
      for (const component of components) {
        for (const property of component.getAllProperties()) {
          const tzid = property.getParameter('tzid');
          if (typeof tzid === 'string') used.add(tzid);
        }
      }
      for (const zone of zones) {
        if (used.has(String(zone.getFirstPropertyValue('tzid')))) {
          object.addSubcomponent(cloneComponent(zone));
        }
      }
      for (const component of components) object.addSubcomponent(cloneComponent(component));
      const content = object.toString() + '\r\n';
      const position = index++;
      try {
        results.push({ index: position, uid, content, object: parseICalendar(content) });
      } catch (error) {
        if (!(error instanceof FoyerError)) throw error;
        results.push({ index: position, uid, error });
      }
    }
  }
  return results;
}
