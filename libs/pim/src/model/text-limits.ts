import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import { tooComplex } from './work-budget';

/**
 * Limits on the shape of one object's text, checked before ical.js reads it, so that what the
 * parser and the expansion cost is bounded by more than the object's size (1 MiB): nesting
 * (ical.js and the code walking components recurse), components (each override is related to
 * the master and walked), properties, recurrence dates (RDATE/EXDATE lists are sorted and
 * scanned) and recurrence rules (BYxxx lists are scanned at every step).
 */
export interface TextLimits {
  readonly maxDepth: number;
  readonly maxComponents: number;
  readonly maxProperties: number;
  readonly maxRecurrenceDates: number;
  readonly maxRuleLength: number;
  /** ical.js steps one day at a time through a rule's INTERVAL: `INTERVAL=2^53` never ends. */
  readonly maxInterval: number;
  readonly maxParameters: number;
}

/** VCALENDAR > VEVENT > VALARM, VCALENDAR > VTIMEZONE > STANDARD: three levels are used. */
export const ICALENDAR_LIMITS: TextLimits = {
  maxDepth: 6,
  maxComponents: 2_000,
  maxProperties: 20_000,
  maxRecurrenceDates: 10_000,
  maxRuleLength: 1_000,
  maxInterval: 100_000,
  maxParameters: 100,
};

/** A vCard is flat (vCard 2.1's AGENT may nest one card). */
export const VCARD_LIMITS: TextLimits = {
  maxDepth: 2,
  maxComponents: 2,
  maxProperties: 2_000,
  maxRecurrenceDates: 0,
  maxRuleLength: 0,
  maxInterval: 0,
  maxParameters: 100,
};

const NAME = /^([A-Za-z0-9-]+)/;

/**
 * Refuses text that holds a NUL (400 INVALID_ICALENDAR / INVALID_VCARD: no iCalendar or vCard
 * value may, and PostgreSQL text cannot store one) or that (400
 * OBJECT_TOO_COMPLEX, naming the limit) exceeds the limits of its kind.
 */
export function assertBoundedText(text: string, kind: 'icalendar' | 'vcard'): void {
  if (text.includes('\u0000')) {
    throw new FoyerError(
      400,
      kind === 'icalendar' ? PimErrorCode.InvalidIcalendar : PimErrorCode.InvalidVcard,
      'The text holds a NUL character',
    );
  }
  const limits = kind === 'icalendar' ? ICALENDAR_LIMITS : VCARD_LIMITS;
  // Continuation lines (a break then a space or tab) belong to the line before.
  const lines = text.replace(/\r\n[ \t]|\n[ \t]|\r[ \t]/g, '').split(/\r\n|\n|\r/);
  let depth = 0;
  let components = 0;
  let properties = 0;
  let dates = 0;
  for (const line of lines) {
    const name = NAME.exec(line)?.[1]?.toUpperCase();
    if (!name) continue;
    if (name === 'BEGIN') {
      depth += 1;
      components += 1;
      if (depth > limits.maxDepth) {
        throw tooComplex(`components nest more than ${limits.maxDepth} deep`);
      }
      if (components > limits.maxComponents) {
        throw tooComplex(`it has more than ${limits.maxComponents} components`);
      }
      continue;
    }
    if (name === 'END') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    properties += 1;
    if (properties > limits.maxProperties) {
      throw tooComplex(`it has more than ${limits.maxProperties} properties`);
    }
    const colon = line.indexOf(':');
    const head = colon < 0 ? line : line.slice(0, colon);
    if (countOf(head, ';') > limits.maxParameters) {
      throw tooComplex(`a ${name} property has more than ${limits.maxParameters} parameters`);
    }
    if (kind !== 'icalendar') continue;
    if (name === 'RRULE' || name === 'EXRULE') {
      if (line.length - name.length > limits.maxRuleLength) {
        throw tooComplex(`an ${name} is longer than ${limits.maxRuleLength} characters`);
      }
      const interval = /INTERVAL=\s*[+-]?(\d+)/i.exec(line)?.[1];
      if (interval !== undefined && Number(interval) > limits.maxInterval) {
        throw tooComplex(`an ${name} has an INTERVAL over ${limits.maxInterval}`);
      }
    } else if (name === 'RDATE' || name === 'EXDATE') {
      dates += colon < 0 ? 1 : countOf(line.slice(colon), ',') + 1;
      if (dates > limits.maxRecurrenceDates) {
        throw tooComplex(`it has more than ${limits.maxRecurrenceDates} RDATE and EXDATE values`);
      }
    }
  }
}

function countOf(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at >= 0; at = text.indexOf(character, at + 1)) count++;
  return count;
}
