import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DAV_REALM } from '@foyer/dav';
import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import { CALDAV_NS, CARDDAV_NS, clark, DAV, errorXml } from './pim-dav-xml';

/** A refusal with a `DAV:error` body naming an RFC precondition of any namespace. */
export class PimDavConditionError extends FoyerError {
  constructor(
    status: number,
    code: string,
    readonly condition: string,
    message: string,
  ) {
    super(status, code, message);
  }
}

/** The precondition a PIM refusal names, by the kind of collection it happened in. */
function conditionOf(code: string, kind: 'calendar' | 'addressbook'): [number, string] | null {
  const ns = kind === 'calendar' ? CALDAV_NS : CARDDAV_NS;
  switch (code) {
    case PimErrorCode.InvalidVcard:
      return [403, clark(CARDDAV_NS, 'valid-address-data')];
    case PimErrorCode.InvalidIcalendar:
      return [403, clark(CALDAV_NS, 'valid-calendar-data')];
    case PimErrorCode.ObjectTooComplex:
      return [
        403,
        kind === 'calendar'
          ? clark(CALDAV_NS, 'valid-calendar-object-resource')
          : clark(CARDDAV_NS, 'valid-address-data'),
      ];
    case PimErrorCode.WrongObjectKind:
      return [
        403,
        kind === 'calendar'
          ? clark(CALDAV_NS, 'supported-calendar-data')
          : clark(CARDDAV_NS, 'supported-address-data'),
      ];
    case PimErrorCode.UnsupportedComponent:
      return [403, clark(CALDAV_NS, 'supported-calendar-component')];
    case PimErrorCode.UidConflict:
      return [409, clark(ns, 'no-uid-conflict')];
    case PimErrorCode.InvalidSyncToken:
      return [403, clark(DAV, 'valid-sync-token')];
    case PimErrorCode.ObjectTooLarge:
      return [413, clark(ns, 'max-resource-size')];
    default:
      return null;
  }
}

/** Re-throws a PIM refusal as the DAV precondition the RFCs name for it, when there is one. */
export function asDavCondition(error: unknown, kind: 'calendar' | 'addressbook'): unknown {
  if (!(error instanceof FoyerError) || error instanceof PimDavConditionError) return error;
  const condition = conditionOf(error.code, kind);
  if (!condition) return error;
  return new PimDavConditionError(condition[0], error.code, condition[1], error.message);
}

/**
 * Statuses for CardDAV and CalDAV clients: a read-only household or collection is 403 (clients
 * stop retrying), an existing collection at MKCOL/MKCALENDAR 405 (RFC 4918 §9.3.1), other
 * FoyerErrors keep theirs; preconditions carry a `DAV:error` body, the rest plain text; a 401
 * carries `WWW-Authenticate: Basic`.
 */
@Catch()
export class PimDavExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PimDav');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let message = 'Internal error';
    if (exception instanceof FoyerError) {
      status = exception.status;
      if (exception.code === 'HOUSEHOLD_READ_ONLY') status = 403;
      if (exception.code === PimErrorCode.CollectionExists) status = 405;
      message = `${exception.code}: ${exception.message}`;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = exception.message;
    } else {
      this.logger.error({ err: exception }, 'Unhandled CardDAV/CalDAV error');
    }
    if (response.headersSent) {
      // A streamed 207 failed after its first bytes: the status is gone, so the connection is
      // cut (the client sees a truncated body, never a complete-looking one) and it is logged.
      if (exception instanceof FoyerError || exception instanceof HttpException) {
        this.logger.warn({ err: exception }, 'CardDAV/CalDAV answer cut after it had started');
      }
      response.destroy();
      return;
    }
    if (status === 401) {
      response.setHeader('WWW-Authenticate', `Basic realm="${DAV_REALM}", charset="UTF-8"`);
    }
    if (exception instanceof PimDavConditionError) {
      response
        .status(status)
        .type('application/xml; charset=utf-8')
        .send(errorXml(exception.condition));
      return;
    }
    response.status(status).type('text/plain; charset=utf-8').send(`${message}\n`);
  }
}
