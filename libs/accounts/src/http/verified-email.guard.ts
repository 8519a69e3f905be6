import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedRequest } from './authenticated-request';

/**
 * Lets through only a signed-in user whose email is verified: 403 EMAIL_NOT_VERIFIED otherwise.
 * Has no dependencies, so any library can use it (through `@RequireVerifiedEmail()`).
 */
@Injectable()
export class VerifiedEmailGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new FoyerError(401, CoreErrorCode.Unauthenticated, 'Sign in first');
    if (!user.emailVerified) {
      throw new FoyerError(
        403,
        AccountsErrorCode.EmailNotVerified,
        'Confirm your email address first: open the link we sent you, or ask for a new one',
      );
    }
    return true;
  }
}
