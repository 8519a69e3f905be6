import { Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiConsumes,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { FileItemResponse } from '../dto/file-item-response.dto';
import { DownloadQueryDto } from '../dto/download-query.dto';
import { PathQueryDto } from '../dto/path-query.dto';
import { FilesErrorCode } from '../files-error-code';
import { etagOf } from '../services/file-item';
import { FilesService } from '../services/files.service';
import { contentDisposition } from './content-disposition';
import { planDownload } from './download-headers';

const HID = { name: 'hid', description: "The household's id or its slug", example: 'the-martins' };
/** Types the api's body parsers consume: an upload in one of them never arrives as a stream. */
const PARSED_TYPES = ['application/json', 'application/x-www-form-urlencoded', '+json'];

/** Types shown inline on request (`?disposition=inline`); anything else is always an attachment. */
const SAFE_INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp)|application\/pdf|text\/plain|audio\/[\w.+-]+|video\/[\w.+-]+)\s*(;|$)/i;

function isSafeInline(contentType: string | null): boolean {
  return contentType !== null && SAFE_INLINE.test(contentType);
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function declaredLength(request: Request): number | undefined {
  const value = request.headers['content-length'];
  if (value === undefined) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * File contents: upload (`PUT`, the raw body streamed to storage) and download (`GET`/`HEAD`,
 * streamed, with ranges and conditional requests).
 */
@ApiTags('files')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/files/content')
export class FileContentController {
  constructor(private readonly files: FilesService) {}

  @Put()
  @ApiOperation({
    summary: 'Upload a file: the raw request body, streamed (create or overwrite)',
    description:
      'Send the bytes as they are, with any Content-Type but JSON or form types (the api parses ' +
      "those): it is stored as the file's type. The folder must exist. The SHA-256 is computed " +
      'while streaming and returned. An overwrite is atomic. If-Match / If-None-Match: * make it ' +
      'conditional. Over quota (Content-Length first, then while streaming): 507.',
  })
  @ApiParam(HID)
  @ApiConsumes('application/octet-stream')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'If-None-Match', required: false, description: '"*": create only' })
  @ApiCreatedResponse({ type: FileItemResponse, description: 'Created' })
  @ApiOkResponse({ type: FileItemResponse, description: 'Overwritten' })
  @ApiBadRequestResponse({ description: 'INVALID_PATH, INVALID_NAME, UPLOAD_INCOMPLETE' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND, NOT_FOUND (the folder)' })
  @ApiConflictResponse({ description: 'NOT_A_FOLDER, NOT_A_FILE, HOUSEHOLD_READ_ONLY' })
  @ApiResponse({ status: 412, description: 'PRECONDITION_FAILED' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_UPLOAD_TYPE' })
  @ApiResponse({ status: 507, description: 'QUOTA_EXCEEDED' })
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: PathQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FileItemResponse> {
    if (request.is(PARSED_TYPES)) {
      throw new FoyerError(
        415,
        FilesErrorCode.UnsupportedUploadType,
        'Send the file as raw bytes (for example application/octet-stream), not as JSON or a form',
      );
    }
    const contentType = header(request, 'content-type');
    const { item, created } = await this.files.upload(
      { userId: user.id, hid },
      query.path,
      request,
      {
        contentLength: declaredLength(request),
        contentType: contentType && contentType.length <= 255 ? contentType : undefined,
        ifMatch: header(request, 'if-match'),
        ifNoneMatch: header(request, 'if-none-match'),
      },
    );
    response.status(created ? 201 : 200);
    response.setHeader('ETag', etagOf(item.node));
    if (created) response.setHeader('Location', request.originalUrl);
    return FileItemResponse.of(item);
  }

  @Get()
  @ApiOperation({
    summary: 'Download a file (GET or HEAD), streamed, with Range',
    description:
      'One byte range (`bytes=a-b`, `a-`, `-n`) answers 206; a range past the end 416 with ' +
      '`Content-Range: bytes */size`; several ranges, or a malformed Range, are ignored (200, ' +
      'the whole file). ETag, Last-Modified, If-Match / If-Unmodified-Since (412), ' +
      'If-None-Match / If-Modified-Since (304) and If-Range are honoured. `?disposition=inline` ' +
      'asks to show rather than save (images, PDF, plain text, audio and video only; always ' +
      'sandboxed by Content-Security-Policy).',
  })
  @ApiParam(HID)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'Partial content' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiBadRequestResponse({ description: 'INVALID_PATH, INVALID_NAME' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND, NOT_FOUND' })
  @ApiConflictResponse({ description: 'NOT_A_FILE, NOT_A_FOLDER' })
  @ApiResponse({ status: 412, description: 'PRECONDITION_FAILED' })
  @ApiResponse({ status: 416, description: 'RANGE_NOT_SATISFIABLE' })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: DownloadQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const item = await this.files.stat({ userId: user.id, hid }, query.path);
    if (item.node.kind !== 'file') {
      throw new FoyerError(409, FilesErrorCode.NotAFile, `${item.path} is a folder, not a file`);
    }
    const etag = etagOf(item.node);
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', item.node.modifiedAt.toUTCString());
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Cache-Control', 'private, no-cache');
    let plan;
    try {
      plan = planDownload(item.node, etag, {
        ifMatch: header(request, 'if-match'),
        ifNoneMatch: header(request, 'if-none-match'),
        ifModifiedSince: header(request, 'if-modified-since'),
        ifUnmodifiedSince: header(request, 'if-unmodified-since'),
        ifRange: header(request, 'if-range'),
        range: header(request, 'range'),
      });
    } catch (error) {
      if ((error as FoyerError).status === 416) {
        response.setHeader('Content-Range', `bytes */${item.node.size}`);
      }
      throw error;
    }
    if (plan.kind === 'not-modified') {
      response.status(304).end();
      return;
    }
    const partial = plan.kind === 'partial' ? plan.range : undefined;
    // Opened before the headers are final: a read that lost a race with an overwrite is served
    // from the new content (whole-file reads only), and its headers must say so.
    const opened =
      request.method === 'HEAD' ? undefined : await this.files.openContent(item, partial);
    const node = opened?.node ?? item.node;
    response.setHeader('ETag', etagOf(node));
    response.setHeader('Last-Modified', node.modifiedAt.toUTCString());
    response.setHeader('Content-Type', node.contentType ?? 'application/octet-stream');
    // Bytes from users, served from the api's origin: shown inline only for types a browser
    // cannot run (no HTML, SVG or scripts), and sandboxed whatever they are.
    const inline = query.disposition === 'inline' && isSafeInline(node.contentType);
    response.setHeader(
      'Content-Disposition',
      contentDisposition(node.name, inline ? 'inline' : 'attachment'),
    );
    response.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (partial) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${partial.start}-${partial.end}/${node.size}`);
      response.setHeader('Content-Length', String(partial.end - partial.start + 1));
    } else {
      response.status(200);
      response.setHeader('Content-Length', String(node.size));
    }
    if (!opened) {
      response.end();
      return;
    }
    const body = opened.body;
    try {
      await pipeline(body, response);
    } catch {
      // The client went away, or storage failed mid-stream: the connection is closed either way.
      response.destroy();
    }
  }
}
