import { FoyerError } from '@foyer/core';
import { CONTROL_CHARACTERS } from '@foyer/dav';
import type { PimCollectionKind } from '../model/pim-object-kind';
import { PimErrorCode } from '../pim-error-code';

/**
 * The URL space of CardDAV and CalDAV (docs/decisions/0011):
 *
 *   /dav/                                          context root (where .well-known points)
 *   /dav/principals/<userId>/                      the signed-in user's principal
 *   /dav/calendars/<household-slug>/               a calendar home, one per household
 *   /dav/calendars/<household-slug>/<name>/        a calendar
 *   /dav/calendars/<household-slug>/<name>/<href>  an event or task
 *   /dav/addressbooks/<household-slug>/...         the same for address books and contacts
 */
export type PimDavTarget =
  | { type: 'root' }
  | { type: 'principals' }
  | { type: 'principal'; userId: string }
  | { type: 'homes'; kind: PimCollectionKind }
  | { type: 'home'; kind: PimCollectionKind; slug: string }
  | { type: 'collection'; kind: PimCollectionKind; slug: string; name: string }
  | { type: 'object'; kind: PimCollectionKind; slug: string; name: string; href: string };

export const PIM_DAV_ROOT = '/dav/';
const HOME_SEGMENT: Record<PimCollectionKind, string> = {
  calendar: 'calendars',
  addressbook: 'addressbooks',
};

function badPath(message: string): FoyerError {
  return new FoyerError(400, PimErrorCode.InvalidName, message);
}

function decode(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw badPath('A path segment is not valid percent-encoding');
  }
  if (decoded === '' || decoded.includes('/') || decoded === '.' || decoded === '..') {
    throw badPath('Empty, "/", "." and ".." are not names');
  }
  // NUL and other control characters are in no name, and PostgreSQL refuses NUL outright.
  if (CONTROL_CHARACTERS.test(decoded)) throw badPath('A name cannot hold control characters');
  return decoded;
}

/** A path segment as URLs carry it: RFC 3986 pchar kept, everything else percent-encoded. */
export function encodeSegment(name: string): string {
  return encodeURIComponent(name).replace(
    /%(21|24|26|27|28|29|2A|2B|2C|3B|3D|3A|40)/gi,
    (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
  );
}

/** Parses a request path (still percent-encoded, query ignored); null: not a PIM DAV path. */
export function parsePimDavPath(rawPath: string): PimDavTarget | null {
  const pathOnly = rawPath.split(/[?#]/, 1)[0];
  if (pathOnly === '/dav' || pathOnly === '/dav/') return { type: 'root' };
  if (!pathOnly.startsWith('/dav/')) return null;
  const segments = pathOnly.slice('/dav/'.length).split('/');
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  if (segments.some((segment) => segment === '')) throw badPath('Empty path segments');
  const [top, ...rest] = segments;
  if (top === 'principals') {
    if (rest.length === 0) return { type: 'principals' };
    if (rest.length === 1) return { type: 'principal', userId: decode(rest[0]) };
    return null;
  }
  const kind: PimCollectionKind | null =
    top === 'calendars' ? 'calendar' : top === 'addressbooks' ? 'addressbook' : null;
  if (!kind) return null;
  const names = rest.map(decode);
  switch (names.length) {
    case 0:
      return { type: 'homes', kind };
    case 1:
      return { type: 'home', kind, slug: names[0] };
    case 2:
      return { type: 'collection', kind, slug: names[0], name: names[1] };
    case 3:
      return { type: 'object', kind, slug: names[0], name: names[1], href: names[2] };
    default:
      return null;
  }
}

export function principalHref(userId: string): string {
  return `/dav/principals/${encodeSegment(userId)}/`;
}

export function homesHref(kind: PimCollectionKind): string {
  return `/dav/${HOME_SEGMENT[kind]}/`;
}

export function homeHref(kind: PimCollectionKind, slug: string): string {
  return `${homesHref(kind)}${encodeSegment(slug)}/`;
}

export function collectionHref(kind: PimCollectionKind, slug: string, name: string): string {
  return `${homeHref(kind, slug)}${encodeSegment(name)}/`;
}

export function objectHref(
  kind: PimCollectionKind,
  slug: string,
  name: string,
  href: string,
): string {
  return `${collectionHref(kind, slug, name)}${encodeSegment(href)}`;
}

/** The canonical path of a target (what a multistatus names it). */
export function hrefOf(target: PimDavTarget): string {
  switch (target.type) {
    case 'root':
      return PIM_DAV_ROOT;
    case 'principals':
      return '/dav/principals/';
    case 'principal':
      return principalHref(target.userId);
    case 'homes':
      return homesHref(target.kind);
    case 'home':
      return homeHref(target.kind, target.slug);
    case 'collection':
      return collectionHref(target.kind, target.slug, target.name);
    case 'object':
      return objectHref(target.kind, target.slug, target.name, target.href);
  }
}

/**
 * The object name an href of a REPORT names inside a collection (absolute URL or path, as
 * clients send them), or null when it points elsewhere.
 */
export function memberName(href: string, collectionPath: string): string | null {
  let path = href.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  const target = (() => {
    try {
      return parsePimDavPath(path);
    } catch {
      return null;
    }
  })();
  if (!target || target.type !== 'object') return null;
  const parent = collectionHref(target.kind, target.slug, target.name);
  return decodeURIComponent(parent) === decodeURIComponent(collectionPath) ? target.href : null;
}
