import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { AuthenticatedRequest } from './authenticated-request';

/** The id of the session that authenticated the request (internal to accounts). */
export const CurrentSessionId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const sessionId = context.switchToHttp().getRequest<AuthenticatedRequest>().authSessionId;
    if (!sessionId) throw new FoyerError(401, CoreErrorCode.Unauthenticated, 'Sign in first');
    return sessionId;
  },
);
