import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
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
import { contentDisposition, FoyerError, parseRange } from '@foyer/core';
import {
  AcceptMigrationToken,
  CurrentMigrationCaller,
  HOUSEHOLD_ID_PARAM as HID,
  MigrationCaller,
  MigrationTokenAuthenticator,
} from '@foyer/households';
import { CreateExportDto } from '../dto/create-export.dto';
import { ExportAcceptedResponse, ExportResponse } from '../dto/export-response.dto';
import { ExportsErrorCode } from '../exports-error-code';
import { ExportsService } from '../services/exports.service';

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The household archive: ask for one, follow its progress, download it (resumable). */
@ApiTags('exports')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiParam(HID)
@ApiNotFoundResponse({
  description: 'HOUSEHOLD_NOT_FOUND (also for a non-member), EXPORT_NOT_FOUND',
})
@Controller('api/v1/households/:hid/exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly migrationTokens: MigrationTokenAuthenticator,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for an archive of the household (or of what is yours)',
    description:
      'Owners and admins export the whole household (`export.all`), every member what is ' +
      'theirs (`export.own`, see docs/roles.md). Works whatever the state of the household ' +
      '(read-only, suspended, unpaid, pending deletion). A job writes the archive; the ' +
      'requester gets a mail when it is ready. While one of yours of that scope is in flight, ' +
      'the same export is answered. The holder of a migration token for this household (' +
      '`foyer migrate`) gets the whole household, whatever `scope` says.',
  })
  @AcceptMigrationToken()
  @ApiAcceptedResponse({ type: ExportAcceptedResponse })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED (`household` as a member)' })
  async create(
    @CurrentMigrationCaller() caller: MigrationCaller,
    @Param('hid') hid: string,
    @Body() body: CreateExportDto,
  ): Promise<ExportAcceptedResponse> {
    const row =
      caller.kind === 'token'
        ? await this.exports.requestForMigration(caller.grant)
        : await this.exports.request(caller.user.id, hid, body.scope);
    return { id: row.id, status: row.status };
  }

  @Get()
  @ApiOperation({ summary: 'Exports: every one for owners and admins, your own for others' })
  @ApiOkResponse({ type: [ExportResponse] })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<ExportResponse[]> {
    return (await this.exports.list(user.id, hid)).map((row) => ExportResponse.of(row));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One export: status and progress (entries and bytes)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @AcceptMigrationToken()
  @ApiOkResponse({ type: ExportResponse })
  async get(
    @CurrentMigrationCaller() caller: MigrationCaller,
    @Param('hid') hid: string,
    @Param('id') id: string,
  ): Promise<ExportResponse> {
    return ExportResponse.of(
      caller.kind === 'token'
        ? await this.exports.getForMigration(caller.grant, id)
        : await this.exports.get(caller.user.id, hid, id),
    );
  }

  @Get(':id/download')
  @ApiOperation({
    summary: 'Download the archive (GET or HEAD), streamed, resumable with Range',
    description:
      'One byte range (`bytes=a-b`, `a-`, `-n`) answers 206; a range past the end 416 with ' +
      '`Content-Range: bytes */size`; several ranges or a malformed Range get the whole ' +
      "archive. The ETag is the archive's SHA-256 (If-Range, If-None-Match honoured).",
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The archive' })
  @ApiResponse({ status: 206, description: 'Partial content' })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match)' })
  @ApiConflictResponse({ description: 'EXPORT_NOT_READY' })
  @ApiResponse({ status: 410, description: 'EXPORT_EXPIRED' })
  @ApiResponse({ status: 416, description: 'EXPORT_RANGE_NOT_SATISFIABLE' })
  @AcceptMigrationToken()
  async download(
    @CurrentMigrationCaller() caller: MigrationCaller,
    @Param('hid') hid: string,
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { row, slug, open } =
      caller.kind === 'token'
        ? await this.exports.downloadForMigration(caller.grant, id)
        : await this.exports.download(caller.user.id, hid, id);
    // The token holder has the data from here on: that is what lets it mark the household moved.
    if (caller.kind === 'token') await this.migrationTokens.recordExportDownload(caller.grant);
    const etag = `"${row.sha256}"`;
    const name = `foyer-export-${slug}-${row.readyAt.toISOString().slice(0, 10)}.zip`;
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', row.readyAt.toUTCString());
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Cache-Control', 'private, no-cache');
    const ifNoneMatch = header(request, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) {
      response.status(304).end();
      return;
    }
    const ifRange = header(request, 'if-range');
    const asked =
      ifRange === undefined || ifRange.trim() === etag
        ? parseRange(header(request, 'range'), row.size)
        : { kind: 'full' as const };
    if (asked.kind === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${row.size}`);
      throw new FoyerError(
        416,
        ExportsErrorCode.RangeNotSatisfiable,
        `The range starts past the end of the archive (${row.size} bytes)`,
        { size: row.size },
      );
    }
    const range = asked.kind === 'partial' ? asked.range : undefined;
    const body = request.method === 'HEAD' ? undefined : await open(range);
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', contentDisposition(name, 'attachment'));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (range) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${row.size}`);
      response.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      response.status(200);
      response.setHeader('Content-Length', String(row.size));
    }
    if (!body) {
      response.end();
      return;
    }
    try {
      await pipeline(body, response);
    } catch {
      // The client went away, or storage failed mid-stream: the connection is closed either way.
      response.destroy();
    }
  }
}
