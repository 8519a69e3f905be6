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
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { HOUSEHOLD_ID_PARAM as HID } from '@foyer/households';
import { FileItemResponse } from '../dto/file-item-response.dto';
import { DownloadQueryDto } from '../dto/download-query.dto';
import { PathQueryDto } from '../dto/path-query.dto';
import { FilesErrorCode } from '../files-error-code';
import { etagOf } from '../services/file-item';
import { FilesService } from '../services/files.service';
import { declaredLength, requestHeader as header } from './request-headers';
import { sendFileContent } from './send-file-content';

/** Types the api's body parsers consume: an upload in one of them never arrives as a stream. */
/** Types shown inline on request (`?disposition=inline`); anything else is always an attachment. */
const SAFE_INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp)|application\/pdf|text\/plain|audio\/[\w.+-]+|video\/[\w.+-]+)\s*(;|$)/i;

function isSafeInline(contentType: string | null): boolean {
  return contentType !== null && SAFE_INLINE.test(contentType);
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
      'Send the bytes as they are, with any Content-Type (JSON and form types included: the body ' +
      "is the file's bytes, never parsed): it is stored as the file's type. The folder must exist. The SHA-256 is computed " +
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
  @ApiResponse({ status: 507, description: 'QUOTA_EXCEEDED' })
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: PathQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FileItemResponse> {
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
    response.setHeader('Cache-Control', 'private, no-cache');
    await sendFileContent(request, response, item, {
      open: (range) => this.files.openContent(item, range),
      // Bytes from users, served from the api's origin: shown inline only for types a browser
      // cannot run (no HTML, SVG or scripts).
      disposition: (node) =>
        query.disposition === 'inline' && isSafeInline(node.contentType) ? 'inline' : 'attachment',
    });
  }
}
