import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@foyer/core';
import { MigrationTokenGuard } from './migration-token.guard';

/**
 * Lets a route be called with a migration token as well as with a session. Only read-only
 * routes of one household's export (and marking it moved) carry it. The handler takes
 * `@CurrentMigrationCaller()` (not `@CurrentUser()`, which would refuse the token holder) and
 * checks a user's membership and role as usual.
 */
export const AcceptMigrationToken = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    Public(),
    UseGuards(MigrationTokenGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description:
        'UNAUTHENTICATED, MIGRATION_TOKEN_INVALID, MIGRATION_TOKEN_EXPIRED, MIGRATION_TOKEN_REVOKED',
    }),
  );
