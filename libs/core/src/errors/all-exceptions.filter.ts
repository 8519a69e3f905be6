import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CoreErrorCode } from './core-error-code';
import { ErrorBody } from './error-body';
import { FoyerError } from './foyer-error';
import { CODE_BY_STATUS } from './http-status-codes';

/** Turns every error into `{statusCode, code, message}`; unexpected ones are logged, not leaked. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // Every rate-limited refusal says when to come back, whichever library made it.
    const retryAfter =
      exception instanceof FoyerError ? exception.details?.retryAfterSeconds : null;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request & { id?: string }): ErrorBody {
    const requestId = request.id;
    if (exception instanceof FoyerError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        ...exception.details,
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        status === 404
          ? `No route for ${request.method} ${request.path}`
          : typeof response === 'string'
            ? response
            : String((response as { message?: unknown }).message ?? exception.message);
      return {
        statusCode: status,
        code: CODE_BY_STATUS[status] ?? `HTTP_${status}`,
        message,
        requestId,
      };
    }
    return {
      statusCode: 500,
      code: CoreErrorCode.Internal,
      message: 'Something went wrong on our side; the request id identifies it in the logs',
      requestId,
    };
  }
}
