import { tickWork, tooComplex } from './work-budget';

/**
 * ical.js 2 is published as an ES module with a CommonJS build under its `require` condition;
 * this project compiles to CommonJS, so the module is required and typed from its declarations.
 */
type IcalModule = (typeof import('ical.js', { with: { 'resolution-mode': 'import' } }))['default'];

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ICAL = require('ical.js') as IcalModule;
export type IcalComponent = InstanceType<IcalModule['Component']>;
export type IcalTime = InstanceType<IcalModule['Time']>;

/**
 * Every loop of ical.js's recurrence engine passes through these two methods: one candidate
 * instant tested against the rule's BYxxx parts, one year of a YEARLY rule laid out (its start
 * searches up to year 20000 for a rule that never matches). Counting them bounds every
 * expansion, of events and of VTIMEZONE observances alike, wherever ical.js is called from.
 */
interface CountedIterator {
  check_contracting_rules(...args: unknown[]): unknown;
  expand_year_days(...args: unknown[]): unknown;
}
const iterator = ICAL.RecurIterator.prototype as unknown as CountedIterator;
for (const method of ['check_contracting_rules', 'expand_year_days'] as const) {
  const original = iterator[method];
  iterator[method] = function counted(this: CountedIterator, ...args: unknown[]): unknown {
    tickWork();
    return original.apply(this, args);
  };
}

/**
 * ical.js moves a date month by month: a step of 2^53 days (`INTERVAL=9007199254740991`, a
 * `DURATION:P999999999W`) would loop for days without a recurrence step to count. No date of
 * ours moves by more than ten thousand years at once.
 */
const MAX_ADJUST_DAYS = 10_000 * 366;
interface TimeFields {
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
}
interface AdjustableTime extends TimeFields {
  adjust(
    days: number,
    hours: number,
    minutes: number,
    seconds: number,
    ...rest: unknown[]
  ): unknown;
}
const time = ICAL.Time.prototype as unknown as AdjustableTime;
const adjust = time.adjust;
time.adjust = function bounded(this: AdjustableTime, days, hours, minutes, seconds, ...rest) {
  // Durations add to the fields first and normalise after: the fields count too. They are read
  // raw (ical.js's getters would normalise, which adjusts, which would read them again).
  const given = (rest[0] ?? this) as TimeFields & { _time?: TimeFields };
  const target = given._time ?? given;
  const total =
    days +
    hours / 24 +
    minutes / 1440 +
    seconds / 86_400 +
    (target.day ?? 0) +
    (target.hour ?? 0) / 24 +
    (target.minute ?? 0) / 1440 +
    (target.second ?? 0) / 86_400;
  if (!(Math.abs(total) <= MAX_ADJUST_DAYS)) {
    throw tooComplex('a date would move by more than ten thousand years');
  }
  return adjust.call(this, days, hours, minutes, seconds, ...rest);
};
