import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { HouseholdsErrorCode } from '../households-error-code';

/**
 * Refuses anyone but an instance administrator with 403 NOT_INSTANCE_ADMIN. A guard (it runs
 * after the global session guard, before the body is validated), so that a non-administrator
 * learns nothing from the operator routes, not even which bodies they would accept.
 */
@Injectable()
export class InstanceAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user?.isInstanceAdmin) {
      throw new FoyerError(
        403,
        HouseholdsErrorCode.NotInstanceAdmin,
        'Only an instance administrator may do this',
      );
    }
    return true;
  }
}
