import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request } from 'express';
import { AppPasswordAuthenticator, AuthenticatedUser } from '@foyer/accounts';
import { CoreErrorCode, FoyerError } from '@foyer/core';

export const DAV_REALM = 'Foyer';

/** The 401 a DAV client understands: it prompts for Basic credentials. */
export function davUnauthenticated(message: string): FoyerError {
  return new FoyerError(401, CoreErrorCode.Unauthenticated, message);
}

/**
 * Authenticates WebDAV requests. The routes are `@Public()`, so the global session guard only
 * recognises a session (bearer token or cookie) and sets `request.user`; otherwise this guard
 * takes `Authorization: Basic email:app-password` (app passwords only: never the account
 * password). Anything else is 401 with `WWW-Authenticate: Basic realm="Foyer"` (set by the DAV
 * exception filter).
 */
@Injectable()
export class DavAuthGuard implements CanActivate {
  private authenticator?: AppPasswordAuthenticator;

  constructor(private readonly moduleRef: ModuleRef) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    if (request.user) return true;
    const authorization = request.headers.authorization;
    const match = authorization ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization) : null;
    if (!match) throw davUnauthenticated('Sign in with your email and an app password');
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw davUnauthenticated('Malformed Basic credentials');
    const user = await this.appPasswords().authenticate(
      decoded.slice(0, colon),
      decoded.slice(colon + 1),
    );
    if (!user) throw davUnauthenticated('Wrong email or app password');
    request.user = user;
    return true;
  }

  /** AccountsModule is configured by the app (forRoot); its exported authenticator, looked up once. */
  private appPasswords(): AppPasswordAuthenticator {
    this.authenticator ??= this.moduleRef.get(AppPasswordAuthenticator, { strict: false });
    return this.authenticator;
  }
}
