import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'foyer_session';

function options(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

/** The session cookie: httpOnly, SameSite=Lax, Secure behind HTTPS, for the whole site. */
export function setSessionCookie(
  response: Response,
  token: string,
  expiresAt: Date,
  secure: boolean,
): void {
  response.cookie(SESSION_COOKIE, token, { ...options(secure), expires: expiresAt });
}

export function clearSessionCookie(response: Response, secure: boolean): void {
  response.clearCookie(SESSION_COOKIE, options(secure));
}

type RequestWithCookies = Pick<Request, 'headers'> & { cookies?: Record<string, unknown> };

/** A session token and how it came: a cookie is sent by the browser on its own, a bearer is not. */
export interface SessionCredential {
  token: string;
  via: 'bearer' | 'cookie';
}

/**
 * The session token of a request: `Authorization: Bearer <token>` first, else the cookie (from
 * cookie-parser when installed, else read from the Cookie header).
 */
export function sessionCredentialOf(request: RequestWithCookies): SessionCredential | null {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return { token: match[1], via: 'bearer' };
  }
  const token = sessionCookieOf(request);
  return token ? { token, via: 'cookie' } : null;
}

export function sessionTokenOf(request: RequestWithCookies): string | null {
  return sessionCredentialOf(request)?.token ?? null;
}

function sessionCookieOf(request: RequestWithCookies): string | null {
  const parsed = request.cookies?.[SESSION_COOKIE];
  if (typeof parsed === 'string' && parsed) return parsed;
  const header = request.headers.cookie;
  if (!header) return null;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}
