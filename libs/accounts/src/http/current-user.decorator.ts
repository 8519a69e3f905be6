import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { AuthenticatedUser } from '../authenticated-user';
import { AuthenticatedRequest } from './authenticated-request';

/**
 * The signed-in user of the request (set by the global session guard). On a route where nobody is
 * signed in it refuses with 401 rather than hand out `undefined`.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new FoyerError(401, CoreErrorCode.Unauthenticated, 'Sign in first');
    return user;
  },
);
