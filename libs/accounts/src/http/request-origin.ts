import type { Request } from 'express';

/** Methods a browser may send across origins without asking (and that change nothing here). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a request comes from a page of Foyer itself, by its `Origin` (or, without one, its
 * `Referer`): FOYER_PUBLIC_URL's origin, or the origin the request was addressed to (a household's
 * own `<slug>.<FOYER_BASE_DOMAIN>`, or the address a home network uses, `http://192.168.1.20:8080`).
 * A sibling host or another port on the same site is another origin, although the browser sends
 * it the SameSite=Lax cookie. Neither header (or `Origin: null`, a sandboxed or privacy-minded
 * page): not provably ours, refused; browsers send `Origin` with every such request.
 */
export function comesFromOwnOrigin(
  request: Pick<Request, 'headers' | 'protocol' | 'host'>,
  publicUrl: string,
): boolean {
  const origin =
    request.headers.origin !== undefined
      ? originOf(request.headers.origin)
      : originOf(request.headers.referer);
  if (!origin) return false;
  const publicOrigin = new URL(publicUrl);
  if (origin === publicOrigin.origin) return true;
  const host = request.host?.toLowerCase();
  if (!host) return false;
  // Behind a proxy that terminates TLS without FOYER_TRUST_PROXY, the request itself looks http.
  return [request.protocol, publicOrigin.protocol.replace(/:$/, '')].some(
    (scheme) => origin === `${scheme}://${host}`,
  );
}
