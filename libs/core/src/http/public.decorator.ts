import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_ROUTE = 'foyer:public-route';

/**
 * Marks a route as reachable without signing in. Every other route requires authentication: the
 * guard fails closed, so forgetting this decorator can only make a route stricter.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_ROUTE, true);
