import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import { ICAL, IcalComponent } from './ical';

/**
 * VTIMEZONE components generated from the platform's time-zone data (Node's Intl): the UTC
 * offset transitions of an IANA zone are found by scanning the years around a reference date day
 * by day, then bisecting each change to the minute. When the transitions of every scanned year
 * follow one yearly rule per transition (a weekday of a month: `-1SU` for the last Sunday, `2SU`
 * for the second), the zone is written as STANDARD/DAYLIGHT observances with a yearly RRULE;
 * otherwise each transition seen is written as an observance of its own. A zone without any
 * transition is one STANDARD observance.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;
/** Scanned: the year before the reference, its year and two after (rules are checked on each). */
const YEARS_BEFORE = 1;
const YEARS_AFTER = 2;
/** IANA names (`Europe/Paris`, `America/Port-au-Prince`, `Etc/GMT+5`, `UTC`); not offsets. */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** A change of UTC offset: the first instant (UTC ms) of the new offset, offsets in minutes. */
export interface OffsetTransition {
  at: number;
  from: number;
  to: number;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A yearly transition rule: in `month`, the `nth` `weekday` (-1: the last) at `minutes` local. */
interface YearlyRule {
  month: number;
  weekday: number;
  nth: number;
  minutes: number;
  from: number;
  to: number;
}

function unknownZone(name: string): FoyerError {
  return new FoyerError(
    400,
    PimErrorCode.InvalidTimeZone,
    `Unknown time zone "${name}": an IANA name such as Europe/Paris`,
  );
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    if (offsetFormatters.size < 1000) offsetFormatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The canonical name of an IANA time zone the platform knows (`europe/paris` → `Europe/Paris`),
 * or 400 INVALID_TIME_ZONE.
 */
export function canonicalTimeZone(name: string): string {
  if (typeof name !== 'string' || name.length > 64 || !IANA_NAME.test(name)) {
    throw unknownZone(String(name));
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw unknownZone(name);
  }
  if (!IANA_NAME.test(resolved)) throw unknownZone(name);
  return resolved;
}

/** Whether the platform knows this IANA time zone. */
export function isKnownTimeZone(name: string): boolean {
  try {
    canonicalTimeZone(name);
    return true;
  } catch {
    return false;
  }
}

/** The UTC offset of a zone at an instant, in minutes (`GMT+05:45` → 345), rounded. */
export function utcOffsetMinutes(zone: string, at: number): number {
  const name =
    offsetFormatter(zone)
      .formatToParts(new Date(at))
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/.exec(name);
  if (!match) throw new Error(`Unexpected offset ${name} for ${zone}`);
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0) + Number(match[4] ?? 0) / 60;
  return (match[1] === '-' ? -1 : 1) * Math.round(minutes);
}

/** The offset transitions of a zone in [from, to), found day by day then to the minute. */
export function offsetTransitions(zone: string, from: number, to: number): OffsetTransition[] {
  const start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
  const found: OffsetTransition[] = [];
  let previous = utcOffsetMinutes(zone, start);
  for (let day = start; day < to; day += DAY_MS) {
    const next = day + DAY_MS;
    let low = day;
    // The offset at `low` is the previous one and differs at `next`: bisect to the minute.
    while (utcOffsetMinutes(zone, next) !== previous) {
      let high = next;
      while (high - low > MINUTE_MS) {
        const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
        if (utcOffsetMinutes(zone, middle) === previous) low = middle;
        else high = middle;
      }
      const offset = utcOffsetMinutes(zone, high);
      found.push({ at: high, from: previous, to: offset });
      previous = offset;
      low = high;
    }
  }
  return found;
}

/** The wall-clock time of an instant at a fixed offset (minutes). */
function localAt(at: number, offset: number): LocalTime {
  const date = new Date(at + offset * MINUTE_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day of the month of the nth (-1: last) weekday of a month, or null when there is none. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): number | null {
  const last = daysInMonth(year, month);
  if (nth === -1) {
    const lastWeekday = new Date(Date.UTC(year, month - 1, last)).getUTCDay();
    return last - ((lastWeekday - weekday + 7) % 7);
  }
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((weekday - firstWeekday + 7) % 7) + (nth - 1) * 7;
  return day <= last ? day : null;
}

/** The rules a transition may follow: the last weekday of its month first, then the nth. */
function candidateRules(transition: OffsetTransition): YearlyRule[] {
  const local = localAt(transition.at, transition.from);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  const base = {
    month: local.month,
    weekday,
    minutes: local.hour * 60 + local.minute,
    from: transition.from,
    to: transition.to,
  };
  const nth = Math.ceil(local.day / 7);
  const rules: YearlyRule[] = [];
  if (local.day + 7 > daysInMonth(local.year, local.month)) rules.push({ ...base, nth: -1 });
  if (nth <= 4) rules.push({ ...base, nth });
  return rules;
}

function follows(transition: OffsetTransition, rule: YearlyRule, year: number): boolean {
  if (transition.from !== rule.from || transition.to !== rule.to) return false;
  const local = localAt(transition.at, transition.from);
  return (
    local.year === year &&
    local.month === rule.month &&
    local.day === nthWeekday(year, rule.month, rule.weekday, rule.nth) &&
    local.hour * 60 + local.minute === rule.minutes
  );
}

/** One rule per transition of the first year, holding in every scanned year; else null. */
function yearlyRules(
  byYear: Map<number, OffsetTransition[]>,
  years: number[],
): YearlyRule[] | null {
  const first = byYear.get(years[0]) ?? [];
  if (first.length === 0) return null;
  if (years.some((year) => (byYear.get(year) ?? []).length !== first.length)) return null;
  const rules: YearlyRule[] = [];
  for (const transition of first) {
    const rule = candidateRules(transition).find((candidate) =>
      years.every((year) =>
        (byYear.get(year) ?? []).some((other) => follows(other, candidate, year)),
      ),
    );
    if (!rule) return null;
    rules.push(rule);
  }
  return rules;
}

function offsetValue(minutes: number): InstanceType<typeof ICAL.UtcOffset> {
  return ICAL.UtcOffset.fromSeconds(minutes * 60);
}

function observance(
  kind: 'standard' | 'daylight',
  start: LocalTime,
  from: number,
  to: number,
  rrule: string | null,
): IcalComponent {
  const component = new ICAL.Component(kind);
  component.addPropertyWithValue('dtstart', ICAL.Time.fromData({ ...start, second: 0 }));
  component.addPropertyWithValue('tzoffsetfrom', offsetValue(from));
  component.addPropertyWithValue('tzoffsetto', offsetValue(to));
  if (rrule) component.addPropertyWithValue('rrule', ICAL.Recur.fromString(rrule));
  return component;
}

function kindOf(transition: { from: number; to: number }): 'standard' | 'daylight' {
  return transition.to > transition.from ? 'daylight' : 'standard';
}

const generated = new Map<string, string>();

/**
 * A VTIMEZONE for an IANA zone, valid from the year before `reference` on: its TZID is the
 * canonical name. 400 INVALID_TIME_ZONE for a zone the platform does not know.
 */
export function buildVtimezone(zone: string, reference: Date): IcalComponent {
  const tzid = canonicalTimeZone(zone);
  const year = reference.getUTCFullYear();
  const key = `${tzid} ${year}`;
  const cached = generated.get(key);
  if (cached) return new ICAL.Component(ICAL.parse(cached) as unknown[]);
  const years: number[] = [];
  for (let y = year - YEARS_BEFORE; y <= year + YEARS_AFTER; y += 1) years.push(y);
  const from = Date.UTC(years[0], 0, 1) - DAY_MS;
  const to = Date.UTC(year + YEARS_AFTER + 1, 0, 1) + DAY_MS;
  const transitions = offsetTransitions(zone, from, to);
  const byYear = new Map<number, OffsetTransition[]>();
  for (const transition of transitions) {
    const local = localAt(transition.at, transition.from);
    byYear.set(local.year, [...(byYear.get(local.year) ?? []), transition]);
  }
  const component = new ICAL.Component('vtimezone');
  component.addPropertyWithValue('tzid', tzid);
  if (transitions.length === 0) {
    const offset = utcOffsetMinutes(zone, reference.getTime());
    const epoch = { year: 1970, month: 1, day: 1, hour: 0, minute: 0 };
    component.addSubcomponent(observance('standard', epoch, offset, offset, null));
  } else {
    const rules = yearlyRules(byYear, years);
    if (rules) {
      for (const [index, rule] of rules.entries()) {
        const first = (byYear.get(years[0]) ?? [])[index];
        const byDay = `${rule.nth}${WEEKDAYS[rule.weekday]}`;
        component.addSubcomponent(
          observance(
            kindOf(rule),
            localAt(first.at, first.from),
            rule.from,
            rule.to,
            `FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${byDay}`,
          ),
        );
      }
    } else {
      // No yearly rule: the offset in force at the start, then each transition seen.
      const initial = transitions[0].from;
      component.addSubcomponent(
        observance('standard', localAt(from, initial), initial, initial, null),
      );
      for (const transition of transitions) {
        component.addSubcomponent(
          observance(
            kindOf(transition),
            localAt(transition.at, transition.from),
            transition.from,
            transition.to,
            null,
          ),
        );
      }
    }
  }
  if (generated.size < 1000) generated.set(key, component.toString());
  return component;
}
