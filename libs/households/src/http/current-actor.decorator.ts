import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedUser } from '@foyer/accounts';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { Actor } from '../members/actor';

/**
 * Who makes a membership or invite change, and from where (for the audit log): the signed-in
 * user's id, as `@CurrentUser()` gives it (401 when nobody is signed in), and the request's IP,
 * as `@Ip()` gives it (null when there is none).
 */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = request.user;
    if (!user) throw new FoyerError(401, CoreErrorCode.Unauthenticated, 'Sign in first');
    return { userId: user.id, ip: request.ip ?? null };
  },
);
