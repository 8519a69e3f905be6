import { Body, Controller, Delete, HttpCode, HttpStatus, Ip, Param, Post } from '@nestjs/common';
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
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '@foyer/accounts';
import { CurrentUser } from '@foyer/accounts';
import { DeleteHouseholdDto } from './delete-household.dto';
import { DeletionCancelledResponse } from './deletion-cancelled-response.dto';
import { DeletionRequestedResponse } from './deletion-requested-response.dto';
import { HouseholdDeletionService } from './household-deletion.service';
import { purgeNotice } from './purge-notice';

@ApiTags('households')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiParam({ name: 'hid', description: "The household's id or slug" })
@ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND (also when the caller is not a member)' })
@Controller('api/v1/households')
export class HouseholdDeletionController {
  constructor(private readonly deletions: HouseholdDeletionService) {}

  @Delete(':hid')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Delete the household (owners, password again)',
    description:
      'The household turns read-only (export still works) until `purgeAfter`, ' +
      'FOYER_DELETION_GRACE_DAYS from now; any owner can cancel until then. Then everything is ' +
      'deleted for good, its encryption key first, so that no copy (backups of the storage ' +
      'included) can be read afterwards. Every owner is told by mail.',
  })
  @ApiAcceptedResponse({ type: DeletionRequestedResponse })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED, PASSWORD_INCORRECT' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_NOT_READY, HOUSEHOLD_READ_ONLY' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (wrong passwords count as sign-ins)' })
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Body() body: DeleteHouseholdDto,
    @Ip() ip: string | undefined,
  ): Promise<DeletionRequestedResponse> {
    const { purgeAfter } = await this.deletions.request(user, hid, body.password, ip ?? null);
    return { status: 'pending_deletion', purgeAfter, notice: purgeNotice(purgeAfter) };
  }

  @Post(':hid/deletion/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a pending deletion (owners): the household is active again' })
  @ApiOkResponse({ type: DeletionCancelledResponse })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_NOT_PENDING_DELETION' })
  async cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Ip() ip: string | undefined,
  ): Promise<DeletionCancelledResponse> {
    await this.deletions.cancel(user, hid, ip ?? null);
    return { status: 'active' };
  }
}
