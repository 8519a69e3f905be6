import { All, Controller, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '@foyer/accounts';
import { FoyerError, Public } from '@foyer/core';
import { DavAuthGuard, readBody, sendMultistatus } from '@foyer/dav';
import { MAX_OBJECT_BYTES } from '../model/pim-object-kind';
import type { WriteConditions } from '../model/preconditions';
import { PimDavExceptionFilter } from './pim-dav-exception.filter';
import { parsePimDavPath, PimDavTarget } from './pim-dav-paths';
import {
  parseMkcolBody,
  parsePropfindBody,
  parseProppatchBody,
  parseReport,
} from './pim-dav-requests';
import { clark, DAV, errorXml } from './pim-dav-xml';
import { PimDavService } from './pim-dav.service';

/** Methods served on CardDAV / CalDAV resources. */
export const PIM_DAV_METHODS = [
  'OPTIONS',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PROPFIND',
  'PROPPATCH',
  'REPORT',
  'MKCOL',
  'MKCALENDAR',
];

/** RFC 4918 classes 1 and 3 (no locks here), RFC 4791, RFC 6352, RFC 5689. */
const DAV_HEADER = '1, 3, calendar-access, addressbook, extended-mkcol';

type DavRequest = Request & { user?: AuthenticatedUser };

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function conditionsOf(request: Request): WriteConditions {
  return { ifMatch: header(request, 'if-match'), ifNoneMatch: header(request, 'if-none-match') };
}

function multistatus(response: Response, xml: string): void {
  response.status(207).type('application/xml; charset=utf-8').send(xml);
}

/**
 * CardDAV and CalDAV under `/dav/` (principals, calendars, addressbooks; the files keep
 * `/dav/files/`, served by libs/dav). Public to the session guard so that DavAuthGuard can take
 * HTTP Basic with an app password as well as a session. Another household, a collection the
 * caller cannot see, another user's principal: 404.
 */
@ApiExcludeController()
@Public()
@UseGuards(DavAuthGuard)
@UseFilters(PimDavExceptionFilter)
@Controller('dav')
export class PimDavController {
  constructor(private readonly dav: PimDavService) {}

  @All([
    '',
    'principals',
    'principals/*path',
    'calendars',
    'calendars/*path',
    'addressbooks',
    'addressbooks/*path',
  ])
  async handle(@Req() request: DavRequest, @Res() response: Response): Promise<void> {
    const target = parsePimDavPath(request.originalUrl);
    if (!target) {
      request.resume();
      throw new FoyerError(404, 'DAV_NOT_FOUND', 'Nothing here');
    }
    const user = request.user as AuthenticatedUser;
    switch (request.method) {
      case 'OPTIONS':
        request.resume();
        await this.dav.assertExists(user, target);
        response.setHeader('DAV', DAV_HEADER);
        response.setHeader('Allow', PIM_DAV_METHODS.join(', '));
        response.setHeader('Content-Length', '0');
        response.status(200).end();
        return;
      case 'PROPFIND': {
        const depth = (header(request, 'depth') ?? 'infinity').trim().toLowerCase();
        if (depth !== '0' && depth !== '1') {
          request.resume();
          response
            .status(403)
            .type('application/xml; charset=utf-8')
            .send(errorXml(clark(DAV, 'propfind-finite-depth')));
          return;
        }
        const body = parsePropfindBody(await readBody(request));
        await sendMultistatus(response, await this.dav.propfind(user, target, depth, body));
        return;
      }
      case 'REPORT': {
        const report = parseReport(await readBody(request));
        await sendMultistatus(response, await this.dav.report(user, target, report));
        return;
      }
      case 'PROPPATCH': {
        const update = parseProppatchBody(await readBody(request));
        multistatus(response, await this.dav.proppatch(user, target, update));
        return;
      }
      case 'MKCOL':
      case 'MKCALENDAR': {
        const update = parseMkcolBody(await readBody(request), request.method);
        await this.dav.makeCollection(user, target, request.method, update);
        response.setHeader('Cache-Control', 'no-cache');
        response.status(201).end();
        return;
      }
      case 'GET':
      case 'HEAD':
        request.resume();
        return this.get(user, target, request.method === 'HEAD', response);
      case 'PUT': {
        if (target.type !== 'object') {
          request.resume();
          throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', 'PUT stores objects in a collection');
        }
        const text = await readBody(request, MAX_OBJECT_BYTES);
        const { created, etag } = await this.dav.put(user, target, text, conditionsOf(request));
        response.setHeader('ETag', etag);
        response.status(created ? 201 : 204).end();
        return;
      }
      case 'DELETE':
        request.resume();
        await this.dav.delete(user, target, conditionsOf(request));
        response.status(204).end();
        return;
      default:
        request.resume();
        response.setHeader('Allow', PIM_DAV_METHODS.join(', '));
        throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', `${request.method} is not supported`);
    }
  }

  private async get(
    user: AuthenticatedUser,
    target: PimDavTarget,
    headOnly: boolean,
    response: Response,
  ): Promise<void> {
    if (target.type !== 'object') {
      await this.dav.assertExists(user, target);
      response
        .status(200)
        .type('text/plain; charset=utf-8')
        .send(headOnly ? '' : 'Foyer CardDAV and CalDAV\n');
      return;
    }
    const object = await this.dav.getObject(user, target);
    response.setHeader('ETag', object.etag);
    response.setHeader('Last-Modified', object.lastModified.toUTCString());
    response.type(object.contentType);
    if (headOnly) {
      response.setHeader('Content-Length', String(Buffer.byteLength(object.content, 'utf8')));
      response.status(200).end();
      return;
    }
    response.status(200).send(object.content);
  }
}
