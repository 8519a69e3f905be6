import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiConsumes,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { HOUSEHOLD_ID_PARAM as HID } from '@foyer/households';
import { CallImportQueryDto } from '../dto/call-import-query.dto';
import { CALL_PAGE_DEFAULT, CallListQueryDto } from '../dto/call-list-query.dto';
import { CallImportResponse, CallListResponse } from '../dto/call-response.dto';
import { CallsService } from '../calls/calls.service';
import { readRawBody } from './raw-body';

/** An operator's call-detail export is small: a year of calls is well under a megabyte. */
export const MAX_CALL_CSV_BYTES = 16 * 1024 * 1024;

@ApiTags('calls')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Import a phone operator's call-detail CSV (the raw file as the body, up to 16 MiB)",
    description:
      'Separator, header row and formats are recognised (docs/who-called.md); each call is ' +
      'kept with its number in E.164, lines that cannot be read are skipped with their reason, ' +
      'calls already imported are not added twice. The file itself is kept in /Calls.',
  })
  @ApiParam(HID)
  @ApiConsumes('text/csv')
  @ApiOkResponse({ type: CallImportResponse })
  @ApiBadRequestResponse({ description: 'INVALID_CALL_CSV, VALIDATION_FAILED (region, timeZone)' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_READ_ONLY' })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE (sent as JSON or a form)' })
  @ApiResponse({ status: 507, description: 'QUOTA_EXCEEDED (keeping the file)' })
  async import(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: CallImportQueryDto,
    @Req() request: Request,
  ): Promise<CallImportResponse> {
    // Refused before the body is read: an outsider or a read-only household uploads nothing.
    await this.calls.assertMayImport({ userId: user.id, hid });
    const body = await readRawBody(request, MAX_CALL_CSV_BYTES);
    return this.calls.import({ userId: user.id, hid }, body, {
      fileName: query.name,
      region: query.region,
      timeZone: query.timeZone,
    });
  }

  @Get()
  @ApiOperation({
    summary: "The household's calls, newest first, each with the contact you see for its number",
  })
  @ApiParam(HID)
  @ApiOkResponse({ type: CallListResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_TIME_RANGE, INVALID_CURSOR' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: CallListQueryDto,
  ): Promise<CallListResponse> {
    const page = await this.calls.list(
      { userId: user.id, hid },
      {
        from: query.from,
        to: query.to,
        cursor: query.cursor,
        limit: query.limit ?? CALL_PAGE_DEFAULT,
      },
    );
    return {
      items: page.items.map((call) => ({
        id: call.id,
        startedAt: call.startedAt.toISOString(),
        number: call.numberE164,
        rawNumber: call.rawNumber,
        durationSeconds: call.durationSeconds,
        cost: call.cost,
        currency: call.currency,
        direction: call.direction,
        contact: call.contact,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
