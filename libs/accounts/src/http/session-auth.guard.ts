import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CoreErrorCode, FoyerError, IS_PUBLIC_ROUTE } from '@foyer/core';
import { SessionService } from '../services/session.service';
import { AuthenticatedRequest } from './authenticated-request';
import { sessionTokenOf } from './session-cookie';

/**
 * The global guard (APP_GUARD): every HTTP route needs a valid session — a bearer token or the
 * session cookie — unless it is marked `@Public()`. Unknown, expired and revoked sessions all get
 * 401 UNAUTHENTICATED. On public routes a valid session is still recognised (and a bad one
 * ignored), so they may adapt to a signed-in caller.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Only HTTP is served; anything else is refused until it gets its own authentication.
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const token = sessionTokenOf(request);
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
