import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Ip,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, RequireVerifiedEmail } from '@foyer/accounts';
import { CreateHouseholdDto } from '../dto/create-household.dto';
import { HouseholdCreatedResponse } from '../dto/household-created-response.dto';
import { HouseholdResponse } from '../dto/household-response.dto';
import { UpdateHouseholdDto } from '../dto/update-household.dto';
import { HouseholdCreationService } from '../services/household-creation.service';
import { HouseholdService } from '../services/household.service';
import { HOUSEHOLD_ID_PARAM as HID } from './household-id-param';

@ApiTags('households')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households')
export class HouseholdController {
  constructor(
    private readonly creation: HouseholdCreationService,
    private readonly households: HouseholdService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireVerifiedEmail()
  @ApiOperation({
    summary: 'Create a household; it is provisioned in the background (poll until `active`)',
  })
  @ApiAcceptedResponse({ type: HouseholdCreatedResponse })
  @ApiBadRequestResponse({ description: 'INVALID_HOUSEHOLD_NAME' })
  @ApiForbiddenResponse({ description: 'EMAIL_NOT_VERIFIED' })
  @ApiServiceUnavailableResponse({ description: 'PROVISIONING_UNAVAILABLE' })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateHouseholdDto,
    @Ip() ip: string,
  ): Promise<HouseholdCreatedResponse> {
    return this.creation.create({ userId: user.id, ip }, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The caller's households, with the caller's role in each" })
  @ApiOkResponse({ type: [HouseholdResponse] })
  list(@CurrentUser() user: AuthenticatedUser): Promise<HouseholdResponse[]> {
    return this.households.list(user.id);
  }

  @Get(':hid')
  @ApiOperation({ summary: 'One household the caller belongs to' })
  @ApiParam(HID)
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND (also when not a member)' })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<HouseholdResponse> {
    return this.households.get(user.id, hid);
  }

  @Patch(':hid')
  @ApiOperation({ summary: 'Rename (owner or admin) or change the slug (owner)' })
  @ApiParam(HID)
  @ApiOkResponse({ type: HouseholdResponse })
  @ApiBadRequestResponse({ description: 'INVALID_HOUSEHOLD_NAME, INVALID_SLUG' })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLUG_TAKEN, HOUSEHOLD_READ_ONLY' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
    @Body() body: UpdateHouseholdDto,
    @Ip() ip: string,
  ): Promise<HouseholdResponse> {
    return this.households.update({ userId: user.id, ip }, hid, body);
  }
}
