import { escapeXml } from '@foyer/dav';
import type { XmlElement } from '@foyer/dav';

export type { XmlElement };

export const CALDAV_NS = 'urn:ietf:params:xml:ns:caldav';
export const CARDDAV_NS = 'urn:ietf:params:xml:ns:carddav';
export const CALENDARSERVER_NS = 'http://calendarserver.org/ns/';
export const APPLE_ICAL_NS = 'http://apple.com/ns/ical/';
export const DAV = 'DAV:';

/** Prefixes declared once on every multistatus, so properties can be written compactly. */
const PREFIXES: Record<string, string> = {
  [DAV]: 'D',
  [CALDAV_NS]: 'C',
  [CARDDAV_NS]: 'CR',
  [CALENDARSERVER_NS]: 'CS',
  [APPLE_ICAL_NS]: 'I',
};

const DECLARATIONS = Object.entries(PREFIXES)
  .map(([ns, prefix]) => `xmlns:${prefix}="${ns}"`)
  .join(' ');

/** `{namespace}local`, the key of a property in maps. */
export function clark(ns: string, local: string): string {
  return `{${ns}}${local}`;
}

export function fromClark(key: string): { ns: string; local: string } {
  const end = key.indexOf('}');
  return { ns: key.slice(1, end), local: key.slice(end + 1) };
}

/** An element of a known or unknown namespace, empty or with inner XML. */
export function element(key: string, inner = ''): string {
  const { ns, local } = fromClark(key);
  const prefix = PREFIXES[ns];
  if (prefix)
    return inner === ''
      ? `<${prefix}:${local}/>`
      : `<${prefix}:${local}>${inner}</${prefix}:${local}>`;
  const xmlns = `xmlns="${escapeXml(ns)}"`;
  return inner === '' ? `<${local} ${xmlns}/>` : `<${local} ${xmlns}>${inner}</${local}>`;
}

export function hrefXml(href: string): string {
  return `<D:href>${escapeXml(href)}</D:href>`;
}

/** A property whose value is text. */
export function textValue(text: string): string {
  return escapeXml(text);
}

/** One DAV:response: found properties (200), missing ones (404), others by status. */
export interface ResponseEntry {
  href: string;
  /** Property key → inner XML, per status. */
  propstats?: { status: number; props: Map<string, string> }[];
  /** A response without properties (a deleted member in sync-collection, a missing href). */
  status?: number;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  424: 'Failed Dependency',
};

export function statusLine(status: number): string {
  return `<D:status>HTTP/1.1 ${status} ${REASONS[status] ?? ''}</D:status>`;
}

export function responseXml(entry: ResponseEntry): string {
  const parts = [hrefXml(entry.href)];
  if (entry.status !== undefined) parts.push(statusLine(entry.status));
  for (const propstat of entry.propstats ?? []) {
    if (propstat.props.size === 0) continue;
    const props = [...propstat.props].map(([key, inner]) => element(key, inner)).join('');
    parts.push(`<D:propstat><D:prop>${props}</D:prop>${statusLine(propstat.status)}</D:propstat>`);
  }
  return `<D:response>${parts.join('')}</D:response>`;
}

/** The start of a 207 body, written before its responses when it is streamed. */
export const MULTISTATUS_OPEN = `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus ${DECLARATIONS}>`;
export const MULTISTATUS_CLOSE = '</D:multistatus>';

/** A whole 207 body; `extra` goes after the responses (the sync-token of sync-collection). */
export function multistatusXml(responses: readonly string[], extra = ''): string {
  return `${MULTISTATUS_OPEN}${responses.join('')}${extra}${MULTISTATUS_CLOSE}`;
}

/** A DAV:error body with one precondition of any of the namespaces. */
export function errorXml(conditionKey: string, inner = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<D:error ${DECLARATIONS}>${element(conditionKey, inner)}</D:error>`;
}

/** Children of an element with this namespace and local name. */
export function children(parent: XmlElement, ns: string, local: string): XmlElement[] {
  return parent.children.filter((child) => child.ns === ns && child.local === local);
}

export function child(parent: XmlElement, ns: string, local: string): XmlElement | undefined {
  return children(parent, ns, local)[0];
}

/** Text inside, with CDATA kept (calendar data in a PROPPATCH is rare; names are not). */
export function textOf(node: XmlElement | undefined): string {
  return node?.text ?? '';
}
