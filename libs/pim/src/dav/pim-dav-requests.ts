import { FoyerError } from '@foyer/core';
import { assertAtMost, MAX_DAV_PROPERTIES, MAX_MULTIGET_HREFS, parseXml } from '@foyer/dav';
import { PimDavConditionError } from './pim-dav-exception.filter';
import type { ContactTextMatch } from '../repositories/pim-object.repository';
import type { TimeRange } from '../model/time-range';
import {
  APPLE_ICAL_NS,
  CALDAV_NS,
  CARDDAV_NS,
  child,
  children,
  clark,
  DAV,
  XmlElement,
} from './pim-dav-xml';

/** What a PROPFIND or REPORT asks for. `expand`: CALDAV:calendar-data with CALDAV:expand. */
export type PropRequest =
  { kind: 'allprop' } | { kind: 'propname' } | { kind: 'prop'; keys: string[]; expand?: TimeRange };

export interface TextMatch {
  text: string;
  collation: string;
  matchType: 'contains' | 'equals' | 'starts-with' | 'ends-with';
  negate: boolean;
}

export interface PropFilter {
  name: string;
  isNotDefined: boolean;
  textMatches: TextMatch[];
  test: 'anyOf' | 'allOf';
}

export interface CompFilter {
  name: string;
  isNotDefined: boolean;
  timeRange: { start: Date | null; end: Date | null } | null;
  propFilters: PropFilter[];
  compFilters: CompFilter[];
}

export type ReportRequest =
  | { type: 'calendar-multiget' | 'addressbook-multiget'; props: PropRequest; hrefs: string[] }
  | { type: 'calendar-query'; props: PropRequest; filter: CompFilter }
  | {
      type: 'addressbook-query';
      props: PropRequest;
      test: 'anyOf' | 'allOf';
      matches: ContactTextMatch[];
      limit: number | null;
    }
  | { type: 'sync-collection'; props: PropRequest; token: string | null; limit: number | null };

/** Collection properties set at creation (MKCALENDAR, extended MKCOL) or by PROPPATCH. */
export interface CollectionPropsUpdate {
  resourceType: string[];
  displayName?: string;
  description?: string;
  color?: string | null;
  components?: string[];
  /** Properties that cannot be set, by key. */
  refused: string[];
}

/** Collations served (RFC 4790 names); text matching is case-insensitive except i;octet. */
export const COLLATIONS = ['i;unicode-casemap', 'i;ascii-casemap', 'i;octet'];

function badXml(message: string): FoyerError {
  return new FoyerError(400, 'DAV_BAD_XML', message);
}

/** `20260101T000000Z` (RFC 4791 time-range and expand attributes are UTC date-times). */
export function parseUtc(value: string | undefined, what: string): Date | null {
  if (value === undefined) return null;
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (!match) throw badXml(`${what} must be a UTC date-time such as 20260101T000000Z`);
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

function propRequestOf(parent: XmlElement): PropRequest {
  if (child(parent, DAV, 'allprop')) return { kind: 'allprop' };
  if (child(parent, DAV, 'propname')) return { kind: 'propname' };
  const prop = child(parent, DAV, 'prop');
  if (!prop) return { kind: 'allprop' };
  let expand: TimeRange | undefined;
  const data = child(prop, CALDAV_NS, 'calendar-data');
  const expandElement = data ? child(data, CALDAV_NS, 'expand') : undefined;
  if (expandElement) {
    const start = parseUtc(expandElement.attributes.start, 'expand start');
    const end = parseUtc(expandElement.attributes.end, 'expand end');
    if (!start || !end || end <= start) throw badXml('CALDAV:expand needs start < end');
    expand = { start, end };
  }
  assertAtMost(prop.children.length, MAX_DAV_PROPERTIES, 'properties');
  const keys = [...new Set(prop.children.map((c) => clark(c.ns, c.local)))];
  return { kind: 'prop', keys, expand };
}

/** A PROPFIND body (empty: allprop). */
export function parsePropfindBody(text: string): PropRequest {
  if (text.trim() === '') return { kind: 'allprop' };
  const root = parseXml(text);
  if (root.ns !== DAV || root.local !== 'propfind') throw badXml('Expected DAV:propfind');
  return propRequestOf(root);
}

function textMatchOf(element: XmlElement, ns: string): TextMatch {
  const collation = element.attributes.collation ?? 'i;unicode-casemap';
  if (!COLLATIONS.includes(collation)) {
    throw new PimDavConditionError(
      403,
      'DAV_UNSUPPORTED_COLLATION',
      clark(ns, 'supported-collation'),
      `Collation ${collation} is not served`,
    );
  }
  const matchType = element.attributes['match-type'] ?? 'contains';
  if (!['contains', 'equals', 'starts-with', 'ends-with'].includes(matchType)) {
    throw badXml(`Unknown match-type ${matchType}`);
  }
  const negate = (element.attributes['negate-condition'] ?? 'no').toLowerCase() === 'yes';
  return { text: element.text, collation, matchType: matchType as TextMatch['matchType'], negate };
}

function propFilterOf(element: XmlElement, ns: string): PropFilter {
  const name = (element.attributes.name ?? '').toUpperCase();
  if (name === '') throw badXml('prop-filter needs a name');
  return {
    name,
    isNotDefined: !!child(element, ns, 'is-not-defined'),
    textMatches: children(element, ns, 'text-match').map((m) => textMatchOf(m, ns)),
    test: (element.attributes.test ?? 'anyof').toLowerCase() === 'allof' ? 'allOf' : 'anyOf',
  };
}

function compFilterOf(element: XmlElement): CompFilter {
  const name = (element.attributes.name ?? '').toUpperCase();
  if (name === '') throw badXml('comp-filter needs a name');
  const range = child(element, CALDAV_NS, 'time-range');
  const start = range ? parseUtc(range.attributes.start, 'time-range start') : null;
  const end = range ? parseUtc(range.attributes.end, 'time-range end') : null;
  if (range && !start && !end) throw badXml('time-range needs start or end');
  if (start && end && end <= start) throw badXml('time-range ends after it starts');
  return {
    name,
    isNotDefined: !!child(element, CALDAV_NS, 'is-not-defined'),
    timeRange: range ? { start, end } : null,
    propFilters: children(element, CALDAV_NS, 'prop-filter').map((p) => propFilterOf(p, CALDAV_NS)),
    compFilters: children(element, CALDAV_NS, 'comp-filter').map(compFilterOf),
  };
}

/** Which stored field a CardDAV prop-filter reads; others are refused (supported-filter). */
const CONTACT_FIELDS: Record<string, ContactTextMatch['fields'][number]> = {
  FN: 'name',
  N: 'name',
  EMAIL: 'email',
  TEL: 'phone',
};

function limitOf(root: XmlElement, ns: string): number | null {
  const limit = child(root, ns, 'limit');
  const value = limit ? child(limit, ns, 'nresults')?.text : undefined;
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw badXml('nresults is a positive integer');
  return n;
}

/** A REPORT body: the four CardDAV / CalDAV reports and RFC 6578 sync-collection. */
export function parseReport(text: string): ReportRequest {
  const root = parseXml(text);
  const key = clark(root.ns, root.local);
  const props = propRequestOf(root);
  switch (key) {
    case clark(CALDAV_NS, 'calendar-multiget'):
    case clark(CARDDAV_NS, 'addressbook-multiget'): {
      const hrefs = children(root, DAV, 'href').map((h) => h.text);
      assertAtMost(hrefs.length, MAX_MULTIGET_HREFS, 'hrefs');
      return {
        type: root.ns === CALDAV_NS ? 'calendar-multiget' : 'addressbook-multiget',
        props,
        hrefs,
      };
    }
    case clark(CALDAV_NS, 'calendar-query'): {
      const filter = child(root, CALDAV_NS, 'filter');
      const top = filter ? child(filter, CALDAV_NS, 'comp-filter') : undefined;
      if (!top || (top.attributes.name ?? '').toUpperCase() !== 'VCALENDAR') {
        throw new PimDavConditionError(
          403,
          'DAV_INVALID_FILTER',
          clark(CALDAV_NS, 'valid-filter'),
          'calendar-query filters on VCALENDAR',
        );
      }
      return { type: 'calendar-query', props, filter: compFilterOf(top) };
    }
    case clark(CARDDAV_NS, 'addressbook-query'): {
      const filter = child(root, CARDDAV_NS, 'filter');
      const test =
        (filter?.attributes.test ?? 'anyof').toLowerCase() === 'allof' ? 'allOf' : 'anyOf';
      const matches: ContactTextMatch[] = [];
      for (const element of filter ? children(filter, CARDDAV_NS, 'prop-filter') : []) {
        const propFilter = propFilterOf(element, CARDDAV_NS);
        const field = CONTACT_FIELDS[propFilter.name];
        if (!field) {
          throw new PimDavConditionError(
            403,
            'DAV_UNSUPPORTED_FILTER',
            clark(CARDDAV_NS, 'supported-filter'),
            `Filtering on ${propFilter.name} is not served (FN, N, EMAIL, TEL are)`,
          );
        }
        if (propFilter.isNotDefined) {
          matches.push({ fields: [field], text: '', matchType: 'contains', negate: true });
          continue;
        }
        const texts = propFilter.textMatches.length
          ? propFilter.textMatches
          : [
              {
                text: '',
                collation: 'i;unicode-casemap',
                matchType: 'contains' as const,
                negate: false,
              },
            ];
        for (const match of texts) {
          matches.push({
            fields: [field],
            text: match.text,
            matchType: match.matchType,
            negate: match.negate,
          });
        }
      }
      return {
        type: 'addressbook-query',
        props,
        test,
        matches,
        limit: limitOf(root, CARDDAV_NS),
      };
    }
    case clark(DAV, 'sync-collection'): {
      const token = child(root, DAV, 'sync-token')?.text.trim() ?? '';
      const level = child(root, DAV, 'sync-level')?.text.trim() ?? '1';
      if (level !== '1') {
        throw new FoyerError(403, 'DAV_SYNC_LEVEL', 'Only sync-level 1 is served');
      }
      return {
        type: 'sync-collection',
        props,
        token: token === '' ? null : token,
        limit: limitOf(root, DAV),
      };
    }
    default:
      throw new FoyerError(
        403,
        'DAV_UNSUPPORTED_REPORT',
        `REPORT ${root.local} is not supported here`,
      );
  }
}

/** Reads the DAV:set/DAV:remove props of MKCALENDAR, extended MKCOL and PROPPATCH bodies. */
export function collectionPropsOf(root: XmlElement): CollectionPropsUpdate {
  const update: CollectionPropsUpdate = { resourceType: [], refused: [] };
  for (const instruction of root.children) {
    if (instruction.ns !== DAV || (instruction.local !== 'set' && instruction.local !== 'remove')) {
      continue;
    }
    const remove = instruction.local === 'remove';
    for (const prop of children(instruction, DAV, 'prop')) {
      for (const element of prop.children) {
        const key = clark(element.ns, element.local);
        switch (key) {
          case clark(DAV, 'resourcetype'):
            update.resourceType = element.children.map((c) => clark(c.ns, c.local));
            break;
          case clark(DAV, 'displayname'):
            if (!remove) update.displayName = element.text;
            break;
          case clark(CALDAV_NS, 'calendar-description'):
          case clark(CARDDAV_NS, 'addressbook-description'):
            update.description = remove ? '' : element.text;
            break;
          case clark(APPLE_ICAL_NS, 'calendar-color'):
            update.color = remove || element.text.trim() === '' ? null : element.text.trim();
            break;
          case clark(CALDAV_NS, 'supported-calendar-component-set'):
            update.components = children(element, CALDAV_NS, 'comp').map((c) =>
              (c.attributes.name ?? '').toUpperCase(),
            );
            break;
          case clark(CALDAV_NS, 'calendar-timezone'):
          case clark(APPLE_ICAL_NS, 'calendar-order'):
            // Accepted and not kept: floating times read as UTC (docs/decisions/0011).
            break;
          default:
            update.refused.push(key);
        }
      }
    }
  }
  return update;
}

/** A MKCALENDAR (`C:mkcalendar`) or extended MKCOL (`D:mkcol`) body; empty is allowed. */
export function parseMkcolBody(
  text: string,
  method: 'MKCOL' | 'MKCALENDAR',
): CollectionPropsUpdate {
  if (text.trim() === '') return { resourceType: [], refused: [] };
  const root = parseXml(text);
  const expected = method === 'MKCALENDAR' ? clark(CALDAV_NS, 'mkcalendar') : clark(DAV, 'mkcol');
  if (clark(root.ns, root.local) !== expected) {
    throw badXml(`Expected ${method === 'MKCALENDAR' ? 'CALDAV:mkcalendar' : 'DAV:mkcol'}`);
  }
  return collectionPropsOf(root);
}

/** A PROPPATCH body. */
export function parseProppatchBody(text: string): CollectionPropsUpdate {
  const root = parseXml(text);
  if (root.ns !== DAV || root.local !== 'propertyupdate') {
    throw badXml('Expected DAV:propertyupdate');
  }
  const update = collectionPropsOf(root);
  const changesNothing =
    update.resourceType.length === 0 &&
    update.refused.length === 0 &&
    update.components === undefined &&
    update.displayName === undefined &&
    update.description === undefined &&
    update.color === undefined;
  // RFC 4918 §14.19: a propertyupdate holds at least one set or remove.
  if (changesNothing) throw badXml('DAV:propertyupdate changes no property');
  return update;
}
