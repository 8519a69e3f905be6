import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  RouteParamMetadata,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { CoreErrorCode } from '../errors/core-error-code';
import { FoyerError } from '../errors/foyer-error';

const JSON_TYPES = ['application/json', '+json'];

/**
 * A route that reads a body (`@Body()`) reads JSON: any other body there is refused with 415
 * UNSUPPORTED_MEDIA_TYPE, rather than read as empty. Above all a form, which is what a page on
 * another origin can make a browser post with the person's cookie. Routes that stream a raw body
 * (uploads, WebDAV) take no `@Body()` and are left alone.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && readsBody(context)) {
      assertJsonBody(context.switchToHttp().getRequest<Request>());
    }
    return next.handle();
  }
}

/**
 * 415 UNSUPPORTED_MEDIA_TYPE when the request has a body that is not JSON. For a guard that
 * reads the body itself (guards run before interceptors).
 */
export function assertJsonBody(request: Pick<Request, 'is'>): void {
  // `is` answers null when the request has no body at all.
  if (request.is(JSON_TYPES) === false) {
    throw new FoyerError(
      415,
      CoreErrorCode.UnsupportedMediaType,
      'Send the request body as JSON (Content-Type: application/json)',
    );
  }
}

function readsBody(context: ExecutionContext): boolean {
  const params = Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) as Record<string, RouteParamMetadata> | undefined;
  return Object.keys(params ?? {}).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`));
}
