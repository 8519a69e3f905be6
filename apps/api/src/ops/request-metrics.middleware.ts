import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** A catch-all pattern (the not-found handler's `/{*path}`) says nothing about the route. */
const isCatchAll = (route: string): boolean => route.includes('*');

/** Times every request; the route label is the matched pattern, or `unmatched`. */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeRequest(
        request.method,
        route && !isCatchAll(route) ? `${request.baseUrl}${route}` : 'unmatched',
        response.statusCode,
        seconds,
      );
    });
    next();
  }
}
