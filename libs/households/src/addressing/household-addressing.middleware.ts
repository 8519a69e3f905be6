import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { FoyerConfig } from '@foyer/core';
import { isReservedSlug } from '../provisioning/household-slug';

const HOUSEHOLDS_API = '/api/v1/households';
/** `/h/<slug>`, `/h/<slug>/` and `/h/<slug>/api/v1/<rest>`; anything else under /h is left alone. */
const PATH_FORM = /^\/h\/([^/]+)(?:\/?|\/api\/v1(\/.*)?)$/;
/** One DNS label (a slug, or anything else that then answers 404). */
const LABEL = /^[a-z0-9-]+$/;

/**
 * On a household's own host, the account-level API keeps working as on the main host (signing
 * in there sets that host's cookie); every other `/api/v1/<rest>` is the household's.
 */
export const ACCOUNT_LEVEL_API_ROOTS: readonly string[] = [
  'auth',
  'me',
  'households',
  'invites',
  'plans',
  'admin',
  // `GET /api/v1/migration/source`: a migration token names its household itself.
  'migration',
];

/** The household itself (not one of its API routes) once the address is rewritten. */
const HOUSEHOLD_ROOT = /^\/api\/v1\/households\/([^/?]+)(?:\?.*)?$/;

/**
 * A browser opening a household's address (GET, HTML preferred over JSON) is sent to the
 * household in the web app; API clients, which ask for JSON or anything, keep the JSON answer.
 */
function webAppPage(request: Request, rewritten: string): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const household = HOUSEHOLD_ROOT.exec(rewritten);
  if (!household || request.accepts(['json', 'html']) !== 'html') return null;
  return `/households/${household[1]}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Household addresses, resolved by rewriting the URL before routing, so that each address is
 * the household API itself and answers exactly as it does (404 HOUSEHOLD_NOT_FOUND for an unknown
 * slug and for a household the caller does not belong to, 401 without a session):
 * - `/h/<slug>` → `/api/v1/households/<slug>`; `/h/<slug>/api/v1/<rest>` →
 *   `/api/v1/households/<slug>/<rest>` (where wildcard DNS is not available);
 * - on the host `<slug>.<FOYER_BASE_DOMAIN>`: `/` → `/api/v1/households/<slug>` and
 *   `/api/v1/<rest>` → `/api/v1/households/<slug>/<rest>`, except the account-level roots above.
 * Other paths (`/health`, `/api/docs`, `/dav`, ...) are left as they are on either form.
 */
@Injectable()
export class HouseholdAddressingMiddleware implements NestMiddleware {
  private readonly householdHost: RegExp | undefined;
  private readonly baseDomainHasPort: boolean;

  constructor(config: FoyerConfig) {
    const base = config.baseDomain?.toLowerCase();
    this.baseDomainHasPort = base?.includes(':') ?? false;
    this.householdHost = base ? new RegExp(`^([^.]+)\\.${escapeRegExp(base)}$`) : undefined;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const rewritten = this.rewrite(request.url, this.slugOfHost(request));
    const page = rewritten === undefined ? null : webAppPage(request, rewritten);
    if (page) return response.redirect(302, page);
    if (rewritten !== undefined) request.url = rewritten;
    next();
  }

  /** The new URL for `url` (path and query), or undefined to leave it alone. Exposed for tests. */
  rewrite(url: string, hostSlug: string | undefined): string | undefined {
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const query = queryAt === -1 ? '' : url.slice(queryAt);

    const byPath = PATH_FORM.exec(path);
    if (byPath) return `${HOUSEHOLDS_API}/${byPath[1]}${byPath[2] ?? ''}${query}`;

    if (hostSlug === undefined) return undefined;
    if (path === '/') return `${HOUSEHOLDS_API}/${hostSlug}${query}`;
    const api = /^\/api\/v1(\/.*)?$/.exec(path);
    if (!api) return undefined;
    const rest = api[1] ?? '';
    const root = rest.split('/')[1] ?? '';
    if (ACCOUNT_LEVEL_API_ROOTS.includes(root)) return undefined;
    return `${HOUSEHOLDS_API}/${hostSlug}${rest}${query}`;
  }

  /** The slug when the request is for `<slug>.<FOYER_BASE_DOMAIN>` (Host, or X-Forwarded-Host behind a trusted proxy). */
  private slugOfHost(request: Request): string | undefined {
    if (!this.householdHost) return undefined;
    // Express's `host` keeps the port and `hostname` drops it; match the form the base domain has.
    const host = (this.baseDomainHasPort ? request.host : request.hostname)?.toLowerCase();
    const label = host ? this.householdHost.exec(host)?.[1] : undefined;
    // `www.<base>` or `mail.<base>` may be Foyer's own hosts: reserved words are never households.
    return label !== undefined && LABEL.test(label) && !isReservedSlug(label) ? label : undefined;
  }
}
