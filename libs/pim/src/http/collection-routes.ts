import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { requestHeader } from '@foyer/files';
import { HOUSEHOLD_ID_PARAM as HID } from '@foyer/households';

/** Refusals shared by every contacts and calendars route, for the OpenAPI descriptions. */
export const NOT_FOUND = 'HOUSEHOLD_NOT_FOUND (also when not a member), COLLECTION_NOT_FOUND';
export const OBJECT_NOT_FOUND = `${NOT_FOUND}, OBJECT_NOT_FOUND`;
export const WRITE_FORBIDDEN =
  'HOUSEHOLD_PERMISSION_DENIED, READ_ONLY_COLLECTION (another member’s collection, shared to read)';
export const READ_ONLY = 'HOUSEHOLD_READ_ONLY';

/** The largest .vcf or .ics an import reads (thousands of entries, photos included). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** `If-Match` as sent, or undefined. */
export function ifMatchOf(request: Request): string | undefined {
  return requestHeader(request, 'if-match');
}

/**
 * The OpenAPI description every change of one contact or event shares (PATCH, PUT, DELETE): the
 * route's parameters, `If-Match`, and the refusals. `ok` is the answer's type (none: 204).
 */
export function ApiObjectChange(options: {
  param: string;
  noun: string;
  ok?: Type<unknown>;
  badRequest?: string;
  forbidden?: string;
}): MethodDecorator {
  return applyDecorators(
    ApiParam(HID),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiParam({ name: options.param, format: 'uuid' }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `The etag you read: refused with 412 when the ${options.noun} changed since`,
    }),
    options.ok ? ApiOkResponse({ type: options.ok }) : ApiNoContentResponse(),
    ...(options.badRequest ? [ApiBadRequestResponse({ description: options.badRequest })] : []),
    ApiForbiddenResponse({ description: options.forbidden ?? WRITE_FORBIDDEN }),
    ApiNotFoundResponse({ description: OBJECT_NOT_FOUND }),
    ApiConflictResponse({ description: READ_ONLY }),
    ApiResponse({ status: 412, description: 'PRECONDITION_FAILED' }),
  );
}
