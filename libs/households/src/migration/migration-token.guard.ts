import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@foyer/accounts';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { MigrationGrant } from './migration-grant';
import { MigrationTokenAuthenticator } from './migration-token-authenticator';

/** The request as this guard leaves it: a signed-in user, or a migration grant. */
export interface MigrationAwareRequest {
  headers: { authorization?: string };
  params?: Record<string, string | undefined>;
  user?: AuthenticatedUser;
  migrationGrant?: MigrationGrant;
}

/**
 * For routes marked `@AcceptMigrationToken()` (which are public to the session guard): a
 * signed-in caller goes on as usual (the handler checks membership and role); otherwise the
 * caller must present a valid migration token for the route's `:hid` (or, on routes without
 * one, for its own household), which becomes `request.migrationGrant`. Every other route still
 * refuses migration tokens with 401, because the global session guard does not know them: that
 * is what keeps a token read-only.
 */
@Injectable()
export class MigrationTokenGuard implements CanActivate {
  constructor(private readonly authenticator: MigrationTokenAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<MigrationAwareRequest>();
    if (request.user) return true;
    const token = MigrationTokenAuthenticator.bearerOf(request.headers.authorization);
    if (!token) {
      throw new FoyerError(
        401,
        CoreErrorCode.Unauthenticated,
        'Sign in first, or give a migration token (Authorization: Bearer foyer-mig_…)',
      );
    }
    request.migrationGrant = await this.authenticator.authenticate(token, request.params?.hid);
    return true;
  }
}
