import { Body, Controller, Delete, HttpCode, HttpStatus, Ip, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { HOUSEHOLD_ID_PARAM as HID } from '../http/household-id-param';
import { AcceptMigrationToken } from './accept-migration-token.decorator';
import { CurrentMigrationCaller } from './current-migration-caller.decorator';
import { MarkMovedDto } from './dto/mark-moved.dto';
import { MovedResponse } from './dto/moved-response.dto';
import { HouseholdMoveService } from './household-move.service';
import { MigrationCaller } from './migration-caller';

@ApiTags('migration')
@ApiParam(HID)
@Controller('api/v1/households/:hid/moved')
export class HouseholdMoveController {
  constructor(private readonly moves: HouseholdMoveService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @AcceptMigrationToken()
  @ApiCookieAuth('foyer_session')
  @ApiOperation({
    summary: 'Mark the household moved to a new address (owners, or the migration token holder)',
    description:
      'From then on the household is read-only here (export still works) and its members see ' +
      '`movedTo`. It is not deleted: owners may delete it through the usual flow when they wish. ' +
      'A migration token may do this only once the export was downloaded with it.',
  })
  @ApiOkResponse({ type: MovedResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (newAddress)' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED (not an owner)' })
  @ApiNotFoundResponse({
    description: 'HOUSEHOLD_NOT_FOUND (also another household than the token’s)',
  })
  @ApiConflictResponse({
    description: 'MIGRATION_NOT_EXPORTED, HOUSEHOLD_ALREADY_MOVED, HOUSEHOLD_NOT_READY',
  })
  markMoved(
    @CurrentMigrationCaller() caller: MigrationCaller,
    @Param('hid') hid: string,
    @Body() body: MarkMovedDto,
    @Ip() ip: string | undefined,
  ): Promise<MovedResponse> {
    return this.moves.markMoved(caller, hid, body.newAddress, ip ?? null);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiCookieAuth('foyer_session')
  @ApiOperation({ summary: 'Take back the moved mark (owners): the household is writable again' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED (not an owner)' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'HOUSEHOLD_NOT_MOVED' })
  async undo(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Ip() ip: string | undefined,
  ): Promise<void> {
    await this.moves.undo(user.id, hid, ip ?? null);
  }
}
