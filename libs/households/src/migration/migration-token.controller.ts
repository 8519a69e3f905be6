import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { CurrentActor } from '../http/current-actor.decorator';
import { HOUSEHOLD_ID_PARAM as HID } from '../http/household-id-param';
import { Actor } from '../members/actor';
import { MigrationTokenCreatedResponse } from './dto/migration-token-created-response.dto';
import { MigrationTokenResponse } from './dto/migration-token-response.dto';
import { MigrationTokenService } from './migration-token.service';

const NOT_FOUND = 'HOUSEHOLD_NOT_FOUND (also when not a member)';
const FORBIDDEN = 'HOUSEHOLD_PERMISSION_DENIED (not an owner)';

@ApiTags('migration')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@ApiParam(HID)
@Controller('api/v1/households/:hid/migration-tokens')
export class MigrationTokenController {
  constructor(private readonly tokens: MigrationTokenService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a migration token (owners): read-only access to this household, 24 hours',
    description:
      'The token is shown once. On the target server, run the returned `command` ' +
      '(`foyer migrate --from <this Foyer> --token <token>`); it pulls the export with it.',
  })
  @ApiCreatedResponse({ type: MigrationTokenCreatedResponse })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'HOUSEHOLD_NOT_READY' })
  create(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
  ): Promise<MigrationTokenCreatedResponse> {
    return this.tokens.create(actor, hid);
  }

  @Get()
  @ApiOperation({ summary: 'The recent migration tokens, without the tokens themselves (owners)' })
  @ApiOkResponse({ type: [MigrationTokenResponse] })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<MigrationTokenResponse[]> {
    return this.tokens.list(user.id, hid);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a migration token (owners): it stops working at once' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}, MIGRATION_TOKEN_NOT_FOUND` })
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Param('id') id: string,
  ): Promise<void> {
    await this.tokens.revoke(actor, hid, id);
  }
}
