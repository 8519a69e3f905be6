import { isKnownTimeZone, wallClockToInstant } from './local-time';

/** A value read from one cell, or why it could not be read (shown in the import report). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

export type CallDirection = 'incoming' | 'outgoing' | 'missed';

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]+(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const DAY_FIRST =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ]+(?:à\s+|a\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$/i;

function validClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 31 of a 30-day month rolls over into the next month in Date.UTC: compare back.
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

function offsetMinutes(designator: string): number {
  if (designator.toUpperCase() === 'Z') return 0;
  const sign = designator.startsWith('-') ? -1 : 1;
  const digits = designator.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * A call's start: ISO 8601 (`2025-03-14T09:05:00`, with an offset or `Z`, or with a space
 * instead of the `T`), `yyyy-mm-dd hh:mm:ss`, or the day first as French operators write it
 * (`14/03/2025 09:05`, `14/03/2025 09:05:33`, `14.03.2025`). A time without an offset is
 * wall-clock time in `zone`. A date without a time is midnight (some exports put the time in
 * a column of its own, joined before this is called).
 */
export function parseCallDate(raw: string, zone: string): Parsed<Date> {
  const text = raw.trim();
  if (!text) return refuse('the date is empty');
  let fields: string[] | undefined;
  let designator: string | undefined;
  const iso = ISO.exec(text);
  if (iso) {
    fields = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]];
    designator = iso[7];
  } else {
    const dayFirst = DAY_FIRST.exec(text);
    if (dayFirst)
      fields = [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5], dayFirst[6]];
  }
  if (!fields) return refuse(`"${text}" is not a date Foyer reads (ISO 8601 or dd/mm/yyyy hh:mm)`);
  const [year, month, day, hour, minute, second] = fields.map((field) => Number(field ?? 0));
  if (!validClock(year, month, day, hour, minute, second)) {
    return refuse(`"${text}" is not a real date and time`);
  }
  if (designator) {
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    return ok(new Date(utc - offsetMinutes(designator) * 60_000));
  }
  if (!isKnownTimeZone(zone)) return refuse(`unknown time zone ${zone}`);
  return ok(wallClockToInstant({ year, month, day, hour, minute, second }, zone));
}

const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/;
const UNITS =
  /^(?:(\d+)\s*h(?:ours?|eures?)?)?\s*(?:(\d+)\s*(?:m|mn|min|minutes?|'))?\s*(?:(\d+)\s*(?:s|sec|secs|secondes?|seconds?|"))?$/i;

/**
 * A duration in seconds: plain seconds (`125`, `125 s`, `125,0`), `hh:mm:ss`, `mm:ss`, or with
 * units (`2 min 5 s`, `1h02m03s`, `2'05"`). An empty cell is 0 (a missed call has no duration).
 */
export function parseDuration(raw: string): Parsed<number> {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) return ok(0);
  const seconds = /^(\d+)(?:[.,](\d+))?\s*(?:s|sec|secs|secondes?|seconds?)?$/i.exec(text);
  if (seconds) {
    return ok(Math.round(Number(`${seconds[1]}.${seconds[2] ?? '0'}`)));
  }
  const clock = CLOCK.exec(text);
  if (clock) {
    const [hours, minutes, secs] = [Number(clock[1] ?? 0), Number(clock[2]), Number(clock[3])];
    if (secs > 59 || (clock[1] !== undefined && minutes > 59)) {
      return refuse(`"${text}" is not a duration (minutes and seconds go up to 59)`);
    }
    return ok(hours * 3600 + minutes * 60 + secs);
  }
  const units = UNITS.exec(text);
  if (units && (units[1] || units[2] || units[3])) {
    return ok(Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0));
  }
  return refuse(`"${text}" is not a duration (seconds, hh:mm:ss or mm:ss)`);
}

const SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', '£': 'GBP', CHF: 'CHF' };

export interface Cost {
  /** A decimal with a point, as PostgreSQL's numeric takes it: `0.15`, `-1234.5`. */
  amount: string;
  /** ISO 4217 when the cell (or its column) says it, else null. */
  currency: string | null;
}

/**
 * A call's cost: a decimal point or comma (`0.15`, `0,15`), thousands separated by spaces, dots
 * or commas (`1 234,56`, `1.234,56`, `1,234.56`), with a currency symbol or code before or after
 * (`0,15 €`, `€0.15`, `0.15 EUR`). When both a point and a comma appear, the last one is the
 * decimal separator. An empty cell has no cost (null).
 */
export function parseCost(raw: string, columnCurrency: string | null = null): Parsed<Cost | null> {
  let text = raw.trim();
  if (!text || text === '-') return ok(null);
  let currency = columnCurrency;
  for (const [symbol, code] of Object.entries(SYMBOLS)) {
    if (text.includes(symbol)) {
      currency = code;
      text = text.split(symbol).join('');
    }
  }
  const code = /\b([A-Z]{3})\b/.exec(text);
  if (code) {
    currency = code[1];
    text = text.replace(code[0], '');
  }
  // Spaces (also the no-break ones French number formats use) and apostrophes group thousands.
  text = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[-+]?[\d.,]+$/.test(text)) return refuse(`"${raw.trim()}" is not an amount`);
  const lastPoint = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let normalised: string;
  if (lastPoint >= 0 && lastComma >= 0) {
    const decimal = lastPoint > lastComma ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    normalised = text.split(grouping).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    // One comma is a decimal comma (`0,15`); several only group thousands (`1,234,567`).
    normalised =
      text.indexOf(',') === lastComma ? text.replace(',', '.') : text.split(',').join('');
  } else if (lastPoint >= 0 && text.indexOf('.') !== lastPoint) {
    normalised = text.split('.').join('');
  } else {
    normalised = text;
  }
  normalised = normalised.replace(/^\+/, '');
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return refuse(`"${raw.trim()}" is not an amount`);
  return ok({ amount: normalised, currency });
}

const DIRECTIONS: ReadonlyArray<[RegExp, CallDirection]> = [
  [/^(missed|manque|appel manque|non repondu|sans reponse)$/, 'missed'],
  [/^(in|incoming|inbound|entrant|entrants|appel entrant|recu|recus|received|e)$/, 'incoming'],
  [/^(out|outgoing|outbound|sortant|sortants|appel sortant|emis|sent|s)$/, 'outgoing'],
];

/**
 * Incoming, outgoing or missed, in English or French; anything else (an operator's "Voix",
 * "National") says nothing about the direction: null, and the line is kept.
 */
export function parseDirection(raw: string): CallDirection | null {
  const text = foldText(raw);
  return DIRECTIONS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** Lower case, accents removed, punctuation as single spaces: how headers and keywords compare. */
export function foldText(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
