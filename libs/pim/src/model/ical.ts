import { tickWork } from './work-budget';

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
