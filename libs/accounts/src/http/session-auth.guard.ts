import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CoreErrorCode, FoyerConfig, FoyerError, IS_PUBLIC_ROUTE } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { SessionService } from '../services/session.service';
import { AuthenticatedRequest } from './authenticated-request';
import { changesState, comesFromOwnOrigin } from './request-origin';
import { sessionCredentialOf } from './session-cookie';

/**
 * The global guard (APP_GUARD): every HTTP route needs a valid session — a bearer token or the
 * session cookie — unless it is marked `@Public()`. Unknown, expired and revoked sessions all get
 * 401 UNAUTHENTICATED. On public routes a valid session is still recognised (and a bad one
 * ignored), so they may adapt to a signed-in caller.
 *
 * A cookie is sent by the browser whatever page asks, so a session that came by cookie does not
 * change anything from another origin: 403 CROSS_ORIGIN_REQUEST on a private route, and no
 * session at all on a public one.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly config: FoyerConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Only HTTP is served; anything else is refused until it gets its own authentication.
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const credential = sessionCredentialOf(request);
    const forged =
      credential?.via === 'cookie' &&
      changesState(request.method) &&
      !comesFromOwnOrigin(request, this.config.publicUrl);
    if (forged && !isPublic) {
      throw new FoyerError(
        403,
        AccountsErrorCode.CrossOriginRequest,
        'This request came from another site; Foyer only accepts changes from its own pages',
      );
    }
    const token = forged ? null : (credential?.token ?? null);
    const session = token ? await this.sessions.resolve(token) : null;
    if (session) {
      request.user = session.user;
      request.authSessionId = session.sessionId;
      return true;
    }
    if (isPublic) return true;
    throw new FoyerError(
      401,
      CoreErrorCode.Unauthenticated,
      token ? 'The session has expired or was signed out; sign in again' : 'Sign in first',
    );
  }
}
