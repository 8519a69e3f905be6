import { XMLParser } from 'fast-xml-parser';
import { FoyerError } from '@foyer/core';
import type { Readable } from 'node:stream';
import { DavErrorCode } from './dav-error-code';

/**
 * The largest XML request body read (PROPFIND, PROPPATCH, LOCK, REPORT, MKCALENDAR): 256 KiB.
 * A multiget of a thousand hrefs is about 100 KB; what is larger is refused with 413 before it
 * is parsed.
 */
export const MAX_XML_BODY_BYTES = 256 * 1024;
/** Elements in one body, all levels counted: past this, 413 (the work grows with each). */
export const MAX_XML_ELEMENTS = 4096;
/** Nesting of one body: no DAV body needs more than a dozen levels (CalDAV filters nest most). */
export const MAX_XML_DEPTH = 32;
/** Properties a PROPFIND or REPORT may ask for, or a PROPPATCH change: 413 beyond. */
export const MAX_DAV_PROPERTIES = 256;
/** Hrefs in one CalDAV/CardDAV multiget: 413 beyond (clients send them in batches). */
export const MAX_MULTIGET_HREFS = 1000;
/** A dead property kept by PROPPATCH: its value's bytes, its name's and namespace's. */
export const MAX_DEAD_VALUE_BYTES = 65536;
const MAX_PROPERTY_NAME_BYTES = 255;
const MAX_NAMESPACE_BYTES = 1024;
/** A lock's DAV:owner, as kept and shown in lockdiscovery. */
export const MAX_LOCK_OWNER_BYTES = 4096;

export const DAV_NS = 'DAV:';

/** A property name: its namespace and local name (`DAV:` + `getetag`). */
export interface PropertyName {
  ns: string;
  local: string;
}

export type PropfindRequest =
  { kind: 'allprop' } | { kind: 'propname' } | { kind: 'prop'; names: PropertyName[] };

/** An element of a parsed body, with its namespace resolved. */
export interface XmlElement {
  ns: string;
  local: string;
  children: XmlElement[];
  /** The text directly inside (what a dead property keeps). */
  text: string;
  /** Attributes other than namespace declarations, by local name (CalDAV filters use them). */
  attributes: Record<string, string>;
}

/** One change of a PROPPATCH, in document order. */
export type PropertyUpdate =
  { kind: 'set'; name: PropertyName; value: string } | { kind: 'remove'; name: PropertyName };

type OrderedNode = Record<string, unknown>;

function badXml(message: string): FoyerError {
  return new FoyerError(400, DavErrorCode.BadXml, message);
}

/**
 * Refuses a request whose work would grow with a number the client chose past `max` (413: the
 * request is larger than the server is willing to process, RFC 9110 §15.5.14).
 */
export function assertAtMost(count: number, max: number, what: string): void {
  if (count > max) {
    throw new FoyerError(413, DavErrorCode.TooComplex, `At most ${max} ${what} in one request`);
  }
}

/** Reads a request body up to the cap (413 past it). */
export async function readBody(body: Readable, limit = MAX_XML_BODY_BYTES): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const part = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += part.length;
    if (size > limit) {
      body.resume();
      throw new FoyerError(413, DavErrorCode.BodyTooLarge, `XML bodies are at most ${limit} bytes`);
    }
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  removeNSPrefix: false,
  trimValues: true,
});

/**
 * Parses an XML body with its namespaces resolved (any prefix, default namespaces, nested
 * declarations). A DOCTYPE or ENTITY declaration is refused before the parser sees the text:
 * no internal or external entities, ever. Bodies with more than `MAX_XML_ELEMENTS` elements or
 * deeper than `MAX_XML_DEPTH` are refused (413), so what a handler does per element is bounded.
 */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw badXml('DOCTYPE and ENTITY declarations are not accepted');
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text, true) as OrderedNode[];
  } catch {
    throw badXml('The body is not well-formed XML');
  }
  const budget = { elements: 0 };
  const roots = nodes
    .map((node) => toElement(node, new Map(), budget, 1))
    .filter((element): element is XmlElement => element !== undefined);
  if (roots.length !== 1) throw badXml('The body must have one root element');
  return roots[0];
}

function toElement(
  node: OrderedNode,
  inherited: Map<string, string>,
  budget: { elements: number },
  depth: number,
): XmlElement | undefined {
  const tag = Object.keys(node).find((key) => key !== ':@');
  if (!tag || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) return undefined;
  budget.elements++;
  assertAtMost(budget.elements, MAX_XML_ELEMENTS, 'XML elements');
  assertAtMost(depth, MAX_XML_DEPTH, 'levels of XML nesting');
  const scope = new Map(inherited);
  const attributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === '@_xmlns') scope.set('', unescapeXml(String(value)));
    else if (key.startsWith('@_xmlns:')) {
      // Namespaces in XML 1.0 §3: a prefix cannot be bound to the empty name ("undeclared").
      const uri = unescapeXml(String(value));
      if (uri === '') throw badXml(`The prefix "${key.slice(8)}" is bound to no namespace`);
      scope.set(key.slice('@_xmlns:'.length), uri);
    } else plain[key.slice(2).replace(/^.*:/, '')] = unescapeXml(String(value));
  }
  const colon = tag.indexOf(':');
  const prefix = colon >= 0 ? tag.slice(0, colon) : '';
  const local = colon >= 0 ? tag.slice(colon + 1) : tag;
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw badXml(`Undeclared namespace prefix "${prefix}"`);
  const rawChildren = Array.isArray(node[tag]) ? (node[tag] as OrderedNode[]) : [];
  const children = rawChildren
    .map((child) => toElement(child, scope, budget, depth + 1))
    .filter((element): element is XmlElement => element !== undefined);
  const text = rawChildren
    .filter((child) => '#text' in child)
    .map((child) => unescapeXml(String(child['#text'])))
    .join('');
  return { ns: ns ?? '', local, children, text, attributes: plain };
}

/** A PROPFIND body: empty is allprop (RFC 4918 §9.1). */
export function parsePropfind(text: string): PropfindRequest {
  if (text.trim() === '') return { kind: 'allprop' };
  const root = parseXml(text);
  if (root.ns !== DAV_NS || root.local !== 'propfind') throw badXml('Expected DAV:propfind');
  const choice = root.children.find((child) => child.ns === DAV_NS);
  if (choice?.local === 'allprop') return { kind: 'allprop' };
  if (choice?.local === 'propname') return { kind: 'propname' };
  if (choice?.local === 'prop') {
    assertAtMost(choice.children.length, MAX_DAV_PROPERTIES, 'properties');
    return {
      kind: 'prop',
      names: uniqueNames(choice.children.map((child) => ({ ns: child.ns, local: child.local }))),
    };
  }
  throw badXml('DAV:propfind needs DAV:allprop, DAV:propname or DAV:prop');
}

/** The same property asked for twice is answered once (RFC 4918 has one propstat entry each). */
function uniqueNames(names: readonly PropertyName[]): PropertyName[] {
  const seen = new Map<string, PropertyName>();
  for (const name of names) seen.set(`{${name.ns}}${name.local}`, name);
  return [...seen.values()];
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Resolves the five predefined entities and character references in text (the parser is told
 * not to process entities at all, so no declared entity can ever be expanded).
 */
export function unescapeXml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A property as XML: DAV: ones with the `D:` prefix, others with their own default namespace. */
export function propertyXml(name: PropertyName, inner = ''): string {
  if (name.ns === DAV_NS)
    return inner ? `<D:${name.local}>${inner}</D:${name.local}>` : `<D:${name.local}/>`;
  const xmlns = name.ns ? ` xmlns="${escapeXml(name.ns)}"` : ' xmlns=""';
  return inner ? `<${name.local}${xmlns}>${inner}</${name.local}>` : `<${name.local}${xmlns}/>`;
}

/** A `DAV:error` body with one precondition element (`propfind-finite-depth`, ...). */
export function davErrorXml(condition: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:"><D:${condition}/></D:error>`;
}

/**
 * A PROPPATCH body (RFC 4918 §14.19): DAV:set and DAV:remove, in order. A set property keeps the
 * text inside it (nested XML values are kept as their text).
 */
export function parsePropertyUpdate(text: string): PropertyUpdate[] {
  const root = parseXml(text);
  if (root.ns !== DAV_NS || root.local !== 'propertyupdate') {
    throw badXml('Expected DAV:propertyupdate');
  }
  const updates: PropertyUpdate[] = [];
  for (const instruction of root.children) {
    if (
      instruction.ns !== DAV_NS ||
      (instruction.local !== 'set' && instruction.local !== 'remove')
    ) {
      continue;
    }
    for (const prop of instruction.children) {
      if (prop.ns !== DAV_NS || prop.local !== 'prop') continue;
      for (const element of prop.children) {
        const name = { ns: element.ns, local: element.local };
        assertAtMost(
          Buffer.byteLength(name.local),
          MAX_PROPERTY_NAME_BYTES,
          'bytes of property name',
        );
        assertAtMost(Buffer.byteLength(name.ns), MAX_NAMESPACE_BYTES, 'bytes of namespace');
        assertAtMost(
          Buffer.byteLength(element.text),
          MAX_DEAD_VALUE_BYTES,
          'bytes of property value',
        );
        updates.push(
          instruction.local === 'set'
            ? { kind: 'set', name, value: element.text }
            : { kind: 'remove', name },
        );
      }
    }
  }
  if (updates.length === 0) throw badXml('DAV:propertyupdate changes no property');
  assertAtMost(updates.length, MAX_DAV_PROPERTIES, 'property changes');
  return updates;
}

export interface LockInfo {
  scope: 'exclusive' | 'shared';
  /** The owner as XML inside DAV:owner (an href or text), escaped. */
  owner: string;
}

/** A LOCK body (RFC 4918 §14.11): DAV:lockinfo with a write lock's scope and owner. */
export function parseLockInfo(text: string): LockInfo {
  const root = parseXml(text);
  if (root.ns !== DAV_NS || root.local !== 'lockinfo') throw badXml('Expected DAV:lockinfo');
  const child = (local: string) =>
    root.children.find((element) => element.ns === DAV_NS && element.local === local);
  const scope = child('lockscope')?.children.find((element) => element.ns === DAV_NS)?.local;
  if (scope !== 'exclusive' && scope !== 'shared') {
    throw badXml('DAV:lockscope is DAV:exclusive or DAV:shared');
  }
  const type = child('locktype')?.children.find((element) => element.ns === DAV_NS)?.local;
  if (type !== 'write') throw badXml('Only DAV:write locks exist');
  const ownerElement = child('owner');
  const href = ownerElement?.children.find(
    (element) => element.ns === DAV_NS && element.local === 'href',
  );
  const owner = href
    ? `<D:href>${escapeXml(href.text)}</D:href>`
    : escapeXml(ownerElement?.text ?? '');
  assertAtMost(Buffer.byteLength(owner), MAX_LOCK_OWNER_BYTES, 'bytes of DAV:owner');
  return { scope, owner };
}
