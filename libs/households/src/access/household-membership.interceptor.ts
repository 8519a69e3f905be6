import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { AuthenticatedUser } from '@foyer/accounts';
import { Observable } from 'rxjs';
import { HouseholdAccessService } from './household-access.service';

/**
 * The isolation floor of the HTTP layer: on every route with a `:hid` parameter, a signed-in
 * caller who is not a member of that household gets 404 HOUSEHOLD_NOT_FOUND before anything else
 * happens — before the body is validated (pipes run after interceptors), and even if a handler
 * forgot to resolve the household itself. So a foreign household's routes answer exactly as an
 * unknown household's, whatever the route. Handlers still resolve and check the role as before.
 * Public routes without a session are left to their handlers.
 */
@Injectable()
export class HouseholdMembershipInterceptor implements NestInterceptor {
  constructor(private readonly access: HouseholdAccessService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const request = context
        .switchToHttp()
        .getRequest<{ params?: Record<string, string | undefined>; user?: AuthenticatedUser }>();
      const hid = request.params?.hid;
      if (hid !== undefined && request.user) await this.access.resolve(request.user.id, hid);
    }
    return next.handle();
  }
}
