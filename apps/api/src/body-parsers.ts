import { json, NextFunction, Request, RequestHandler, Response } from 'express';
import { CoreErrorCode, FoyerError, inputGuard } from '@foyer/core';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** body-parser's refusals, as FoyerErrors with a stable code (its own would reach clients as 400/500). */
function toFoyerError(error: BodyParserError & Error): Error {
  switch (error.type) {
    case 'entity.parse.failed':
      return new FoyerError(400, CoreErrorCode.MalformedBody, 'The request body is not valid JSON');
    case 'entity.too.large':
      return new FoyerError(413, CoreErrorCode.PayloadTooLarge, 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new FoyerError(415, CoreErrorCode.UnsupportedMediaType, error.message);
    default:
      // A compressed body that does not inflate (garbage under Content-Encoding: gzip).
      return error.status === 400
        ? new FoyerError(400, CoreErrorCode.MalformedBody, 'The request body could not be read')
        : error;
  }
}

/** The REST upload of a file's bytes (`PUT …/files/content?path=…`), whatever its type. */
const RAW_UPLOAD = /^\/api\/v1\/households\/[^/]+\/files\/content\/?$/;

/**
 * WebDAV and the REST upload take every body raw: a `.json` file sent as application/json is a
 * file, not input.
 */
function isRaw(request: Request): boolean {
  return (
    request.path === '/dav' ||
    request.path.startsWith('/dav/') ||
    (request.method === 'PUT' && RAW_UPLOAD.test(request.path))
  );
}

function mapped(parser: RequestHandler): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) =>
    isRaw(request)
      ? next()
      : parser(request, response, (error?: unknown) =>
          error ? next(toFoyerError(error as BodyParserError & Error)) : next(),
        );
}

/**
 * Parses JSON bodies within the limit, then refuses NUL characters and deep nesting in one place
 * (`inputGuard`). Forms are not parsed: the API speaks JSON, and a form is what a cross-site page
 * can post. Other content types, anything under `/dav/` and the REST file upload are left as raw
 * streams for their handlers.
 */
export function bodyParsers(limit: string): RequestHandler[] {
  return [mapped(json({ limit })), inputGuard()];
}
