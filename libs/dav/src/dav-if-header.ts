import { FoyerError } from '@foyer/core';
import { DavErrorCode } from './dav-error-code';

/** One condition of an `If` list: a state token (`<urn:uuid:…>`) or an entity tag (`["…"]`). */
export interface IfCondition {
  not: boolean;
  kind: 'token' | 'etag';
  value: string;
}

/** A list of conditions, all of which must hold, about its tagged resource or the request's. */
export interface IfList {
  /** The Resource-Tag (a URL or an absolute path) of a tagged list; absent for a no-tag list. */
  resource?: string;
  conditions: IfCondition[];
}

/** What an `If` header is evaluated against: a resource's entity tag and the locks covering it. */
export interface IfResourceState {
  etag?: string;
  lockTokens: ReadonlySet<string>;
}

/** The longest `If` header read: enough for any real client, small enough to parse cheaply. */
export const MAX_IF_HEADER_LENGTH = 8192;
/**
 * Lists, and distinct tagged resources, in one header: each resource costs lookups, so their
 * number is not the client's to choose (real clients send one or two).
 */
export const MAX_IF_LISTS = 32;
export const MAX_IF_RESOURCES = 8;

function badIf(message: string): FoyerError {
  return new FoyerError(400, DavErrorCode.BadIfHeader, message);
}

/**
 * Parses an `If` header (RFC 4918 §10.4): no-tag lists `(…) (…)` or tagged lists
 * `<uri> (…) <uri> (…)`, never both. A malformed header is refused (400), never ignored: a client
 * that sends one means a condition, and ignoring it would write where the client meant not to.
 */
export function parseIfHeader(header: string | undefined): IfList[] {
  if (header === undefined) return [];
  if (header.length > MAX_IF_HEADER_LENGTH) throw badIf('The If header is too long');
  const lists: IfList[] = [];
  let tagged: boolean | undefined;
  let resource: string | undefined;
  let at = 0;
  const skipSpace = () => {
    while (at < header.length && /\s/.test(header[at])) at++;
  };
  const until = (close: string): string => {
    const end = header.indexOf(close, at);
    if (end < 0) throw badIf(`The If header misses a "${close}"`);
    const value = header.slice(at, end);
    at = end + 1;
    return value;
  };
  for (skipSpace(); at < header.length; skipSpace()) {
    if (header[at] === '<') {
      if (tagged === false) throw badIf('The If header mixes tagged and untagged lists');
      tagged = true;
      at++;
      resource = until('>').trim();
      skipSpace();
      if (header[at] !== '(') throw badIf('A resource tag is followed by a list');
      continue;
    }
    if (header[at] !== '(') throw badIf('The If header is a sequence of (lists)');
    if (tagged === undefined) tagged = false;
    at++;
    const conditions: IfCondition[] = [];
    for (skipSpace(); header[at] !== ')'; skipSpace()) {
      if (at >= header.length) throw badIf('The If header misses a ")"');
      let not = false;
      if (/^not\b/i.test(header.slice(at, at + 4)) && /\s|<|\[/.test(header[at + 3] ?? '')) {
        not = true;
        at += 3;
        skipSpace();
      }
      if (header[at] === '<') {
        at++;
        conditions.push({ not, kind: 'token', value: until('>').trim() });
      } else if (header[at] === '[') {
        at++;
        conditions.push({ not, kind: 'etag', value: until(']').trim() });
      } else {
        throw badIf('A condition is a <state-token> or an [entity-tag]');
      }
    }
    at++;
    if (conditions.length === 0) throw badIf('An If list holds at least one condition');
    lists.push({ resource: tagged ? resource : undefined, conditions });
  }
  if (lists.length === 0) throw badIf('The If header is empty');
  if (lists.length > MAX_IF_LISTS) throw badIf(`The If header holds at most ${MAX_IF_LISTS} lists`);
  if (new Set(lists.map((list) => list.resource)).size > MAX_IF_RESOURCES) {
    throw badIf(`The If header names at most ${MAX_IF_RESOURCES} resources`);
  }
  return lists;
}

/**
 * The lock tokens a client submits with an `If` header: every state token named without `Not`
 * (RFC 4918 §10.4.1 counts a token as submitted wherever it appears in the header). Lower-cased,
 * as tokens are UUIDs.
 */
export function submittedLockTokens(lists: readonly IfList[]): string[] {
  return lists.flatMap((list) =>
    list.conditions
      .filter((condition) => condition.kind === 'token' && !condition.not)
      .map((condition) => condition.value.toLowerCase()),
  );
}

function sameEtag(a: string, b: string): boolean {
  return a.replace(/^W\//, '') === b.replace(/^W\//, '');
}

function holds(condition: IfCondition, state: IfResourceState): boolean {
  const matched =
    condition.kind === 'etag'
      ? state.etag !== undefined && sameEtag(condition.value, state.etag)
      : state.lockTokens.has(condition.value.toLowerCase());
  return condition.not ? !matched : matched;
}

/**
 * Evaluates the header: true when at least one list holds, a list holding when each of its
 * conditions does about its resource (its tag, or the request's resource). A state token holds
 * when it names a live lock covering that resource (`DAV:no-lock` never does); an entity tag
 * when it is the resource's current one.
 */
export async function ifHeaderHolds(
  lists: readonly IfList[],
  stateOf: (resource: string | undefined) => Promise<IfResourceState>,
): Promise<boolean> {
  const states = new Map<string | undefined, Promise<IfResourceState>>();
  for (const list of lists) {
    if (!states.has(list.resource)) states.set(list.resource, stateOf(list.resource));
    const state = await (states.get(list.resource) as Promise<IfResourceState>);
    if (list.conditions.every((condition) => holds(condition, state))) return true;
  }
  return false;
}
