import { All, Controller, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '@foyer/accounts';
import { FoyerError, Public } from '@foyer/core';
import { declaredLength, FilesActor, requestHeader as header, sendFileContent } from '@foyer/files';
import { DavAuthGuard } from './dav-auth.guard';
import { DavExceptionFilter } from './dav-exception.filter';
import { DavTarget, nfcPath, parentPath, parseDavPath, parseDestination } from './dav-paths';
import { DavLockService } from './dav-lock.service';
import { parseOcMtime } from './dav-mtime';
import { sendMultistatus } from './dav-multistatus';
import { parseDepth, DavService } from './dav.service';
import { parseLockInfo, parsePropertyUpdate, parsePropfind, readBody } from './dav-xml';

/** Methods served (RFC 4918 classes 1 and 2). */
export const DAV_METHODS = [
  'OPTIONS',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
];

type DavRequest = Request & { user?: AuthenticatedUser };

function hasBody(request: Request): boolean {
  return (declaredLength(request) ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
}

/**
 * WebDAV at `/dav/files/<slug>/...` (RFC 4918 class 1, RFC 4331 quotas). Public to the session
 * guard so that DavAuthGuard can take HTTP Basic with an app password as well as a session; a
 * household the caller is not a member of is 404.
 */
@ApiExcludeController()
@Public()
@UseGuards(DavAuthGuard)
@UseFilters(DavExceptionFilter)
@Controller('dav/files')
export class DavController {
  constructor(
    private readonly dav: DavService,
    private readonly locks: DavLockService,
  ) {}

  @All([':slug', ':slug/*path'])
  async handle(@Req() request: DavRequest, @Res() response: Response): Promise<void> {
    const target = parseDavPath(request.originalUrl);
    const user = request.user as AuthenticatedUser;
    const actor: FilesActor = { userId: user.id, hid: target.slug };
    switch (request.method) {
      case 'OPTIONS':
        return this.options(actor, target, response);
      case 'PROPFIND':
        return this.propfind(actor, target, request, response);
      case 'PROPPATCH': {
        await this.assertMayChange(actor, target, request, [target], []);
        const updates = parsePropertyUpdate(await readBody(request));
        const xml = await this.dav.proppatch(actor, target, updates);
        response.status(207).type('application/xml; charset=utf-8').send(xml);
        return;
      }
      case 'GET':
      case 'HEAD':
        return this.get(actor, target, request, response);
      case 'PUT':
        return this.put(actor, target, request, response);
      case 'DELETE':
        await this.assertMayChange(actor, target, request, [], [target]);
        await this.dav.delete(actor, target);
        await this.locks.forget(actor, nfcPath(target));
        response.status(204).end();
        return;
      case 'MKCOL':
        if (hasBody(request)) {
          request.resume();
          throw new FoyerError(415, 'DAV_UNSUPPORTED_BODY', 'MKCOL takes no body');
        }
        await this.assertMayChange(actor, target, request, [], [target]);
        await this.dav.mkcol(actor, target);
        response.status(201).end();
        return;
      case 'COPY':
      case 'MOVE':
        return this.transfer(actor, target, request, response);
      case 'LOCK':
        return this.lock(actor, target, request, response);
      case 'UNLOCK':
        await this.locks.unlock(actor, target, header(request, 'lock-token'));
        response.status(204).end();
        return;
      default:
        response.setHeader('Allow', DAV_METHODS.join(', '));
        throw new FoyerError(405, 'DAV_METHOD_NOT_ALLOWED', `${request.method} is not supported`);
    }
  }

  private async options(actor: FilesActor, target: DavTarget, response: Response): Promise<void> {
    await this.dav.exists(actor, target);
    response.setHeader('DAV', '1, 2');
    response.setHeader('Allow', DAV_METHODS.join(', '));
    response.setHeader('MS-Author-Via', 'DAV');
    response.setHeader('Content-Length', '0');
    response.status(200).end();
  }

  private async propfind(
    actor: FilesActor,
    target: DavTarget,
    request: Request,
    response: Response,
  ): Promise<void> {
    const depth = parseDepth(header(request, 'depth'));
    const body = parsePropfind(await readBody(request));
    const discovery = await this.locks.discovery(actor, target.slug);
    await sendMultistatus(response, await this.dav.propfind(actor, target, depth, body, discovery));
  }

  private async get(
    actor: FilesActor,
    target: DavTarget,
    request: Request,
    response: Response,
  ): Promise<void> {
    if (target.names.length === 0) {
      await this.dav.exists(actor, target);
      response.status(200).type('text/plain; charset=utf-8').send('Foyer WebDAV\n');
      return;
    }
    const item = await this.dav.stat(actor, target);
    if (item.node.kind !== 'file') {
      response.status(200).type('text/plain; charset=utf-8').send(`${item.path}\n`);
      return;
    }
    await sendFileContent(request, response, item, {
      open: (range) => this.dav.openContent(item, range),
      disposition: () => 'attachment',
    });
  }

  private async put(
    actor: FilesActor,
    target: DavTarget,
    request: Request,
    response: Response,
  ): Promise<void> {
    try {
      await this.assertMayChange(actor, target, request, [], [target]);
    } catch (error) {
      request.resume();
      throw error;
    }
    let modifiedAt: Date | undefined;
    try {
      modifiedAt = parseOcMtime(header(request, 'x-oc-mtime'));
    } catch (error) {
      request.resume();
      throw error;
    }
    const contentType = header(request, 'content-type');
    const { created, etag } = await this.dav.put(actor, target, request, {
      modifiedAt,
      contentLength: declaredLength(request),
      contentType: contentType && contentType.length <= 255 ? contentType : undefined,
      ifMatch: header(request, 'if-match'),
      ifNoneMatch: header(request, 'if-none-match'),
    });
    response.setHeader('ETag', etag);
    // ownCloud's answer, which its clients (and rclone) read as "no PROPPATCH needed".
    if (modifiedAt) response.setHeader('X-OC-Mtime', 'accepted');
    response.status(created ? 201 : 204).end();
  }

  private async transfer(
    actor: FilesActor,
    source: DavTarget,
    request: Request,
    response: Response,
  ): Promise<void> {
    const destination = parseDestination(header(request, 'destination'), header(request, 'host'));
    const overwriteHeader = (header(request, 'overwrite') ?? 'T').trim().toUpperCase();
    if (overwriteHeader !== 'T' && overwriteHeader !== 'F') {
      throw new FoyerError(400, 'DAV_BAD_OVERWRITE', 'Overwrite is T or F');
    }
    const move = request.method === 'MOVE';
    await this.assertMayChange(
      actor,
      source,
      request,
      [],
      move ? [source, destination] : [destination],
    );
    const { created } = await this.dav.transfer(
      actor,
      move ? 'move' : 'copy',
      source,
      destination,
      parseDepth(header(request, 'depth')),
      overwriteHeader === 'T',
    );
    if (move) await this.locks.forget(actor, nfcPath(source));
    response.status(created ? 201 : 204).end();
  }

  private async lock(
    actor: FilesActor,
    target: DavTarget,
    request: Request,
    response: Response,
  ): Promise<void> {
    const text = await readBody(request);
    const info = text.trim() === '' ? undefined : parseLockInfo(text);
    const { status, token, xml } = await this.locks.lock(
      actor,
      target,
      info,
      parseDepth(header(request, 'depth')),
      header(request, 'timeout'),
      header(request, 'if'),
    );
    if (info) response.setHeader('Lock-Token', `<urn:uuid:${token}>`);
    response.status(status).type('application/xml; charset=utf-8').send(xml);
  }

  /**
   * 423 unless the `If` header submits the locks of what changes: `resources` themselves, and
   * `members` with everything below them and the collection they are in.
   */
  private assertMayChange(
    actor: FilesActor,
    requestTarget: DavTarget,
    request: Request,
    resources: readonly DavTarget[],
    members: readonly DavTarget[],
  ): Promise<void> {
    return this.locks.assertMayChange(
      actor,
      requestTarget,
      [
        ...resources.map((target) => ({ path: nfcPath(target), withDescendants: false })),
        ...members.flatMap((target) => [
          { path: nfcPath(target), withDescendants: true },
          { path: parentPath(target), withDescendants: false },
        ]),
      ],
      header(request, 'if'),
    );
  }
}
