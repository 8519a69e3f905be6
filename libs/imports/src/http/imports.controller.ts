import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedUser } from '@foyer/accounts';
import { CurrentUser } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { InstanceAdminGuard } from '@foyer/households';
import { ImportCreatedResponse, ImportResponse } from '../dto/import-response.dto';
import { ImportsErrorCode } from '../imports-error-code';
import { ImportRecord } from '../repositories/import-record';
import { ImportRequestsService } from '../services/import-requests.service';

/** Types the api's body parsers consume: such a body never arrives here as a stream. */
const PARSED_TYPES = ['application/json', 'application/x-www-form-urlencoded', '+json'];

function declaredLength(request: Request): number | null {
  const value = request.headers['content-length'];
  if (value === undefined) return null;
  const length = Number(value);
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new FoyerError(400, ImportsErrorCode.EmptyArchive, 'Content-Length is not a number');
  }
  return length;
}

function toResponse(record: ImportRecord): ImportResponse {
  return {
    id: record.id,
    status: record.status,
    source: record.sourceKind,
    progress: { ...record.progress },
    archiveBytes: record.archiveBytes,
    report: record.report ? { ...record.report } : null,
    error: record.error ? { ...record.error } : null,
    createdAt: record.createdAt.toISOString(),
    finishedAt: record.finishedAt ? record.finishedAt.toISOString() : null,
  };
}

/** Importing household archives: for instance administrators only. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiForbiddenResponse({ description: 'NOT_INSTANCE_ADMIN' })
@UseGuards(InstanceAdminGuard)
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportRequestsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Import a household archive (the raw body, streamed) into a new household',
    description:
      'Answers 202 once the archive is stored; the import job validates everything before it writes anything, then creates a new household (the slug gets a suffix when taken). Follow it with GET /api/v1/imports/:id.',
  })
  @ApiConsumes('application/zip', 'application/octet-stream')
  @ApiQuery({
    name: 'owner',
    required: false,
    description:
      'Email of an account that becomes an owner of the new household (created when missing)',
  })
  @ApiResponse({ status: 202, type: ImportCreatedResponse })
  @ApiBadRequestResponse({ description: 'IMPORT_EMPTY_ARCHIVE, IMPORT_INVALID_OWNER' })
  @ApiPayloadTooLargeResponse({ description: 'IMPORT_ARCHIVE_TOO_LARGE' })
  @ApiResponse({ status: 415, description: 'IMPORT_UNSUPPORTED_MEDIA_TYPE' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Query('owner') owner: string | undefined,
  ): Promise<ImportCreatedResponse> {
    if (request.is(PARSED_TYPES)) {
      throw new FoyerError(
        415,
        ImportsErrorCode.UnsupportedMediaType,
        'Send the archive as raw bytes (application/zip), not as JSON or a form',
      );
    }
    const ownerEmail = this.imports.ownerEmail(typeof owner === 'string' ? owner : undefined);
    const record = await this.imports.fromUpload(
      user.id,
      request,
      declaredLength(request),
      ownerEmail,
    );
    return { id: record.id, status: record.status };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An import: status, progress, and the report (or why it failed)' })
  @ApiOkResponse({ type: ImportResponse })
  @ApiNotFoundResponse({ description: 'IMPORT_NOT_FOUND' })
  async get(@Param('id') id: string): Promise<ImportResponse> {
    return toResponse(await this.imports.find(id));
  }
}
