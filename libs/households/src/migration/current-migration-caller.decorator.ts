import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { MigrationCaller } from './migration-caller';
import type { MigrationAwareRequest } from './migration-token.guard';

/**
 * The caller of a route marked `@AcceptMigrationToken()`. MigrationTokenGuard has made sure there
 * is one; the 401 is for a route that forgot the guard, so it fails closed.
 */
export const CurrentMigrationCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): MigrationCaller => {
    const request = context.switchToHttp().getRequest<MigrationAwareRequest>();
    if (request.user) return { kind: 'user', user: request.user };
    if (request.migrationGrant) return { kind: 'token', grant: request.migrationGrant };
    throw new FoyerError(401, CoreErrorCode.Unauthenticated, 'Sign in first');
  },
);
