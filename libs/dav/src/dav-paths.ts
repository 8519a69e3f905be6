import { FoyerError } from '@foyer/core';
import { DavErrorCode } from './dav-error-code';

/** Where WebDAV is mounted: `/dav/files/<slug>/<path>`. */
export const DAV_PREFIX = '/dav/files';

export interface DavTarget {
  slug: string;
  /** Decoded names below the household's root (empty: the root). */
  names: string[];
  /** The path as FilesService takes it (`/a/b`). */
  path: string;
}

function badPath(message: string): FoyerError {
  return new FoyerError(400, DavErrorCode.InvalidPath, message);
}

/** NUL and the other C0 controls, and DEL: in no name or slug that a DAV path may carry. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function decodeSegment(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw badPath('A path segment is not valid percent-encoding');
  }
  // `%2F` inside a name, `..`/`.` (encoded or not): refused, never resolved.
  if (decoded.includes('/') || decoded.includes('\\')) throw badPath('A name cannot contain "/"');
  if (decoded === '.' || decoded === '..') throw badPath('"." and ".." are not names');
  // NUL and other control characters are in no name or slug (PostgreSQL refuses NUL outright).
  if (CONTROL_CHARACTERS.test(decoded)) throw badPath('A path cannot hold control characters');
  return decoded;
}

/**
 * Splits a raw (still percent-encoded) request path under `/dav/files/` into the slug and the
 * decoded names. Each segment is decoded on its own, so an encoded `/` never splits a name;
 * `.` and `..` segments are refused rather than resolved. Names are validated again (NFC,
 * length, control characters) by FilesService.
 */
export function parseDavPath(rawPath: string): DavTarget {
  // A fragment is never part of a request target (RFC 9110 §7.1); one that arrives is refused
  // rather than cut off, so `DELETE /dir/#frag` cannot delete `/dir/`.
  if (rawPath.includes('#')) throw badPath('A request path cannot carry a #fragment');
  const pathOnly = rawPath.split('?', 1)[0];
  if (!pathOnly.startsWith(`${DAV_PREFIX}/`))
    throw badPath(`WebDAV paths start with ${DAV_PREFIX}/`);
  const segments = pathOnly.slice(DAV_PREFIX.length + 1).split('/');
  const slug = decodeSegment(segments[0] ?? '');
  if (slug === '') throw badPath('The household is missing from the path');
  const rest = segments.slice(1);
  if (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
  const names = rest.map((segment) => {
    if (segment === '') throw badPath('Empty path segments are not allowed');
    return decodeSegment(segment);
  });
  return { slug, names, path: `/${names.join('/')}` };
}

/**
 * The target of a `Destination` header: an absolute URL (its host must be this server's) or an
 * absolute path. The path is taken as sent (no dot-segment resolution) and parsed like a
 * request path.
 */
export function parseDestination(header: string | undefined, host: string | undefined): DavTarget {
  if (!header) throw badPath('COPY and MOVE need a Destination header');
  let rawPath: string;
  const absolute = /^https?:\/\/([^/?#]+)(\/[^?#]*)?/i.exec(header.trim());
  if (absolute) {
    if (host && absolute[1].toLowerCase() !== host.toLowerCase()) {
      throw new FoyerError(502, 'DAV_OTHER_SERVER', 'The Destination is on another server');
    }
    rawPath = absolute[2] ?? '/';
  } else if (header.startsWith('/')) {
    rawPath = header.trim();
  } else {
    throw badPath('The Destination must be an absolute URL or path');
  }
  return parseDavPath(rawPath);
}

/** The href of a path below a household: each name percent-encoded. */
export function hrefOf(slug: string, names: readonly string[], collection: boolean): string {
  const encoded = [slug, ...names].map((name) => encodeURIComponent(name)).join('/');
  return `${DAV_PREFIX}/${encoded}${collection ? '/' : ''}`;
}

/** A target's path with its names NFC-normalised, as FilesService stores and shows them. */
export function nfcPath(target: Pick<DavTarget, 'names'>): string {
  return `/${target.names.map((name) => name.normalize('NFC')).join('/')}`;
}

/** The path of the folder a target is in (`/` for the root's children). */
export function parentPath(target: Pick<DavTarget, 'names'>): string {
  return nfcPath({ names: target.names.slice(0, -1) });
}
