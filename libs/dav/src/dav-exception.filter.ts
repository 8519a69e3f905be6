import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { FoyerError } from '@foyer/core';
import { DAV_REALM } from './dav-auth.guard';
import { davErrorXml } from './dav-xml';

/** A refusal with a `DAV:error` body (RFC 4918 preconditions). */
export class DavConditionError extends FoyerError {
  constructor(
    status: number,
    readonly condition: string,
    message: string,
  ) {
    super(status, 'DAV_PRECONDITION', message);
  }
}

/**
 * Status codes for DAV clients: files errors keep their status (507 over quota, 412, 416,
 * 409 ...), except a read-only household, which is 403 here (clients stop retrying a 403; the
 * REST API's 409 reads as "try again"). Bodies are plain text, or `DAV:error` XML for RFC 4918
 * preconditions; a 401 carries `WWW-Authenticate: Basic realm="Foyer"`.
 */
@Catch()
export class DavExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Dav');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let message = 'Internal error';
    if (exception instanceof FoyerError) {
      status = exception.code === 'HOUSEHOLD_READ_ONLY' ? 403 : exception.status;
      message = `${exception.code}: ${exception.message}`;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = exception.message;
    } else {
      this.logger.error({ err: exception }, 'Unhandled DAV error');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (status === 401) {
      response.setHeader('WWW-Authenticate', `Basic realm="${DAV_REALM}", charset="UTF-8"`);
    }
    if (exception instanceof DavConditionError) {
      response
        .status(status)
        .type('application/xml; charset=utf-8')
        .send(davErrorXml(exception.condition));
      return;
    }
    response.status(status).type('text/plain; charset=utf-8').send(`${message}\n`);
  }
}
