import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { AuditQueryService } from '../audit/audit-query.service';
import { AuditEventResponse } from '../dto/audit-event-response.dto';
import { AuditQueryDto } from '../dto/audit-query.dto';
import { HOUSEHOLD_ID_PARAM as HID } from './household-id-param';

@ApiTags('audit')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({
    summary: "The household's audit log, newest first (owners and admins)",
    description:
      'Page with `before` = the id of the last event received; `limit` defaults to 50, at most 200.',
  })
  @ApiParam(HID)
  @ApiOkResponse({ type: [AuditEventResponse] })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (limit, before)' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND (also when not a member)' })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Query() query: AuditQueryDto,
  ): Promise<AuditEventResponse[]> {
    return this.audit.list(user.id, hid, query);
  }
}
