import { isHouseholdId } from '@foyer/core';

/** As the database's `households_slug_format` check: one DNS label, at most 48 characters. */
export const MAX_SLUG_LENGTH = 48;
const SLUG_FORMAT = /^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$/;

/** What an empty or unusable derivation falls back to (then `household-2`, `household-3`, ...). */
export const FALLBACK_SLUG = 'household';

/**
 * Slugs that are, or may one day be, addresses of Foyer itself rather than of a household: path
 * prefixes (`/h`, `/dav`, `/api`), host names under FOYER_BASE_DOMAIN (`www`, `mail`, the mail
 * clients' `autoconfig`), and words that would confuse people in a URL (`admin`, `support`).
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'abuse',
  'account',
  'accounts',
  'admin',
  'administrator',
  'api',
  'app',
  'apps',
  'assets',
  'auth',
  'autoconfig',
  'autodiscover',
  'billing',
  'blog',
  'caldav',
  'carddav',
  'cdn',
  'dav',
  'db',
  'docs',
  'download',
  'downloads',
  'files',
  'foyer',
  'ftp',
  'h',
  'health',
  'help',
  'hostmaster',
  'households',
  'imap',
  'internal',
  'invite',
  'invites',
  'localhost',
  'login',
  'logout',
  'mail',
  'me',
  'media',
  'metrics',
  'minio',
  'mx',
  'no-reply',
  'noreply',
  'ns',
  'ns1',
  'ns2',
  'pop',
  'pop3',
  'postmaster',
  'public',
  'root',
  's3',
  'security',
  'signup',
  'smtp',
  'static',
  'status',
  'stripe',
  'support',
  'system',
  'upload',
  'uploads',
  'web',
  'webdav',
  'webhooks',
  'webmail',
  'webmaster',
  'well-known',
  'www',
]);

/**
 * Letters that NFKD does not take apart into a base letter and a mark, spelled the way people
 * write them in ASCII.
 */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** True when `slug` has the format of a slug (whether or not it is reserved). */
export function hasSlugFormat(slug: string): boolean {
  return SLUG_FORMAT.test(slug);
}

/**
 * Reserved words are never slugs; neither is anything shaped like a household id, since `:hid`
 * would read it as an id and the household could not be reached by its slug.
 */
export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug) || isHouseholdId(slug);
}

/** A slug a household may have: the right format, and not reserved. */
export function isUsableSlug(slug: string): boolean {
  return hasSlugFormat(slug) && !isReservedSlug(slug);
}

/** Cuts to `max` characters without leaving a hyphen at the end. */
function cut(slug: string, max: number): string {
  return slug.slice(0, max).replace(/-+$/, '');
}

/**
 * The slug a name suggests: NFKD with the combining marks dropped ("Hélène" → "helene"), lower
 * case, every run of other characters one hyphen, no hyphen at either end, at most 48
 * characters. A name with no Latin letter or digit ("山田家") gives the fallback `household`.
 * The result may be reserved; `slugCandidates` steps around that.
 */
export function slugFromName(name: string): string {
  const ascii = [...name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()]
    .map((character) => TRANSLITERATIONS[character] ?? character)
    .join('');
  const slug = cut(ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+/, ''), MAX_SLUG_LENGTH);
  return slug === '' ? FALLBACK_SLUG : slug;
}

/**
 * The slugs to try for a base, in order: the base itself (unless reserved), then `base-2`,
 * `base-3`, ... with the base shortened as needed to stay within 48 characters.
 */
export function* slugCandidates(base: string): Generator<string> {
  if (isUsableSlug(base)) yield base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${cut(base, MAX_SLUG_LENGTH - suffix.length) || FALLBACK_SLUG}${suffix}`;
    if (isUsableSlug(candidate)) yield candidate;
  }
}
