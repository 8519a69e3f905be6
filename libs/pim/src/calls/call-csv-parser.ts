import { parse } from 'csv-parse/sync';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { ColumnMap, currencyOfHeader, mapColumns } from './call-csv-columns';
import {
  CallDirection,
  parseCallDate,
  parseCost,
  parseDirection,
  parseDuration,
} from './call-values';

/** One call read from an operator's CSV. */
export interface ParsedCall {
  /** The line of the file the call was on (1-based, as an editor shows it). */
  line: number;
  startedAt: Date;
  /** The number as the operator wrote it. */
  rawNumber: string;
  e164: string;
  durationSeconds: number;
  cost: string | null;
  currency: string | null;
  direction: CallDirection | null;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ParsedCallCsv {
  delimiter: string;
  /** The header row as it was written. */
  header: string[];
  calls: ParsedCall[];
  skipped: SkippedLine[];
}

export interface CallCsvOptions {
  /** ISO 3166 country of numbers written without an international prefix (`06…` in France). */
  defaultRegion: CountryCode;
  /** IANA zone of times written without an offset. */
  timeZone: string;
}

/** The header must be among the first lines (some exports start with a title or an account line). */
const HEADER_SEARCH_LINES = 15;
const DELIMITERS = [';', '\t', ','] as const;

type Row = { record: string[]; info: { lines: number } };

function rows(text: string, delimiter: string, toLine?: number): Row[] {
  return parse(text, {
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    ...(toLine ? { to_line: toLine } : {}),
  }) as unknown as Row[];
}

/** The header row among the first lines, for one delimiter: its index and column map. */
function findHeader(
  text: string,
  delimiter: string,
): { index: number; map: ColumnMap; found: number } | null {
  let candidates: Row[];
  try {
    candidates = rows(text, delimiter, HEADER_SEARCH_LINES);
  } catch {
    return null;
  }
  for (let index = 0; index < candidates.length; index++) {
    const map = mapColumns(candidates[index].record);
    if (map) return { index, map, found: Object.keys(map).length };
  }
  return null;
}

/**
 * Bytes from an operator: UTF-8 when they are valid UTF-8, else Windows-1252 (what spreadsheet
 * exports on French Windows write), so `Numéro` and `Durée` survive either way.
 */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export class CallCsvHeaderError extends Error {}

/**
 * Reads an operator's call-detail CSV: the separator (`;`, tab or `,`) and the header row are
 * found from the content, each following line becomes a call or a skipped line with a reason.
 * Throws CallCsvHeaderError when no header with at least a date and a number is found.
 */
export function parseCallCsv(text: string, options: CallCsvOptions): ParsedCallCsv {
  let best: { delimiter: string; index: number; map: ColumnMap; found: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const header = findHeader(text, delimiter);
    if (header && (!best || header.found > best.found)) best = { delimiter, ...header };
  }
  if (!best) {
    throw new CallCsvHeaderError(
      'No header row with a date column and a number column was found in the first ' +
        `${HEADER_SEARCH_LINES} lines (see docs/who-called.md for the names Foyer reads)`,
    );
  }
  const all = rows(text, best.delimiter);
  const header = all[best.index].record;
  const map = best.map;
  const columnCurrency = map.cost !== undefined ? currencyOfHeader(header[map.cost]) : null;
  const calls: ParsedCall[] = [];
  const skipped: SkippedLine[] = [];
  for (const { record, info } of all.slice(best.index + 1)) {
    const line = info.lines;
    if (record.every((cell) => cell === '')) continue;
    const cell = (column: keyof ColumnMap): string => {
      const index = map[column];
      return index === undefined ? '' : (record[index] ?? '');
    };
    const dateText = map.time !== undefined ? `${cell('date')} ${cell('time')}` : cell('date');
    const startedAt = parseCallDate(dateText, options.timeZone);
    if (!startedAt.ok) {
      skipped.push({ line, reason: startedAt.reason });
      continue;
    }
    const rawNumber = cell('number');
    const e164 = toE164(rawNumber, options.defaultRegion);
    if (!e164.ok) {
      skipped.push({ line, reason: e164.reason });
      continue;
    }
    const duration = parseDuration(cell('duration'));
    if (!duration.ok) {
      skipped.push({ line, reason: duration.reason });
      continue;
    }
    const cost = parseCost(cell('cost'), columnCurrency);
    if (!cost.ok) {
      skipped.push({ line, reason: cost.reason });
      continue;
    }
    calls.push({
      line,
      startedAt: startedAt.value,
      rawNumber,
      e164: e164.value,
      durationSeconds: duration.value,
      cost: cost.value?.amount ?? null,
      currency: cost.value?.currency ?? null,
      direction: map.direction !== undefined ? parseDirection(cell('direction')) : null,
    });
  }
  return { delimiter: best.delimiter, header, calls, skipped };
}

/**
 * A number in E.164, read with libphonenumber-js: international (`+33…`, `0033…`) or national
 * in the default region (`06 12 34 56 78`). Masked numbers (`06 12 XX XX XX`), short service
 * numbers and anything libphonenumber-js does not call valid are refused.
 */
export function toE164(
  raw: string,
  region: CountryCode,
): { ok: true; value: string } | { ok: false; reason: string } {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'the number is empty' };
  if (/[a-z]/i.test(text.replace(/^tel:/i, ''))) {
    return { ok: false, reason: `"${text}" is not a phone number (masked or not a number)` };
  }
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, reason: `"${text}" is not a valid phone number (for region ${region})` };
  }
  return { ok: true, value: parsed.number };
}
