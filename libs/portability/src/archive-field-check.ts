/**
 * A field of an archive that cannot be imported as it is, named so that a person can find it:
 * `path` is the entry and the field (`files.jsonl line 3 contentType`), `message` says why.
 */
export interface ArchiveFieldProblem {
  readonly path: string;
  readonly message: string;
}

// C0 controls (NUL, CR and LF included), DEL, C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;
/** RFC 9110 media type: `type/subtype` tokens, parameters, visible ASCII only (no CR, LF, NUL). */
const MEDIA_TYPE =
  /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*;[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"[\x20\x21\x23-\x5b\x5d-\x7e]*"))*$/;
/** ISO 8601 date-time as exports write it (`2026-03-01T10:04:05.123Z`, or with an offset). */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Bounds what nested JSON (settings, audit details) may be: as deep as the API's bodies. */
const MAX_JSON_DEPTH = 32;

export interface TextRule {
  /** At most this many characters (code points). */
  readonly max: number;
  /** Allowed to be absent (undefined or null). */
  readonly optional?: boolean;
  /** Allowed to be the empty string. */
  readonly empty?: boolean;
  /** Multi-line text (descriptions): CR, LF and TAB allowed, other controls not. */
  readonly multiline?: boolean;
}

/**
 * The rules the API applies to the same values, for the values an archive brings: every field
 * an import will store is checked with one of these before anything is written, and each
 * problem names its entry and field. Collects problems rather than stopping at the first, up to
 * a bound (an archive of a million bad lines gets a report, not a million lines).
 */
export class ArchiveFieldCheck {
  static readonly MAX_PROBLEMS = 100;
  private readonly found: ArchiveFieldProblem[] = [];

  get problems(): readonly ArchiveFieldProblem[] {
    return this.found;
  }

  get full(): boolean {
    return this.found.length >= ArchiveFieldCheck.MAX_PROBLEMS;
  }

  problem(path: string, message: string): void {
    if (!this.full) this.found.push({ path, message });
  }

  /** One line of text (or several, `multiline`), bounded, valid Unicode, no NUL. */
  text(path: string, value: unknown, rule: TextRule): value is string {
    if (value === undefined || value === null) {
      if (rule.optional) return false;
      this.problem(path, 'is missing');
      return false;
    }
    if (typeof value !== 'string') {
      this.problem(path, 'must be a string');
      return false;
    }
    if (value === '' && !rule.empty) {
      this.problem(path, 'cannot be empty');
      return false;
    }
    const controls = rule.multiline ? value.replace(/[\r\n\t]/g, '') : value;
    if (NUL.test(value) || CONTROL.test(controls)) {
      this.problem(path, 'cannot contain NUL or other control characters');
      return false;
    }
    if (LONE_SURROGATE.test(value)) {
      this.problem(path, 'must be valid Unicode text');
      return false;
    }
    if ([...value].length > rule.max) {
      this.problem(path, `is longer than ${rule.max} characters`);
      return false;
    }
    return true;
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    this.problem(path, `must be one of ${allowed.join(', ')}`);
    return false;
  }

  boolean(path: string, value: unknown, optional = false): boolean {
    if (typeof value === 'boolean' || (optional && (value === undefined || value === null)))
      return true;
    this.problem(path, 'must be true or false');
    return false;
  }

  /** A whole number from 0 to `max`. */
  count(path: string, value: unknown, max = Number.MAX_SAFE_INTEGER): boolean {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max)
      return true;
    this.problem(path, `must be a whole number from 0 to ${max}`);
    return false;
  }

  /** An ISO 8601 date and time that exists (`2026-02-30T…` does not), years 1 to 9999. */
  dateTime(path: string, value: unknown, optional = false): boolean {
    if (optional && (value === undefined || value === null)) return true;
    if (typeof value === 'string' && ISO_DATE_TIME.test(value)) {
      if (Number.isFinite(Date.parse(value)) && validDay(value)) return true;
    }
    this.problem(path, 'must be an ISO 8601 date and time (2026-03-01T10:04:05.123Z)');
    return false;
  }

  uuid(path: string, value: unknown, optional = false): boolean {
    if (optional && (value === undefined || value === null)) return true;
    if (typeof value === 'string' && UUID.test(value)) return true;
    this.problem(path, 'must be a UUID');
    return false;
  }

  sha256(path: string, value: unknown, optional = false): boolean {
    if (optional && (value === undefined || value === null)) return true;
    if (typeof value === 'string' && SHA256.test(value)) return true;
    this.problem(path, 'must be a SHA-256 in lower-case hex (64 characters)');
    return false;
  }

  /** A media type as an HTTP header can carry it (`text/plain; charset=utf-8`), 255 at most. */
  mediaType(path: string, value: unknown, optional = false): boolean {
    if (optional && (value === undefined || value === null)) return true;
    if (typeof value === 'string' && value.length <= 255 && MEDIA_TYPE.test(value)) return true;
    this.problem(path, 'must be a media type such as text/plain (visible ASCII, 255 at most)');
    return false;
  }

  /**
   * Free JSON stored as it is (settings, audit details): an object, not too deep, and no string
   * or key with NUL (PostgreSQL's jsonb cannot hold it) or a lone surrogate.
   */
  jsonObject(path: string, value: unknown, optional = false): boolean {
    if (optional && (value === undefined || value === null)) return true;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, 'must be a JSON object');
      return false;
    }
    const bad = badJson(value, 0);
    if (bad) this.problem(path, bad);
    return bad === null;
  }
}

function validDay(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function badJson(value: unknown, depth: number): string | null {
  if (depth > MAX_JSON_DEPTH) return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (typeof value === 'string') {
    if (NUL.test(value) || LONE_SURROGATE.test(value)) return 'holds a NUL or invalid text';
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (NUL.test(key) || LONE_SURROGATE.test(key)) return 'holds a NUL or invalid text';
    const bad = badJson(item, depth + 1);
    if (bad) return bad;
  }
  return null;
}
