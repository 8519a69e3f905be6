import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { Actor } from '../members/actor';
import { CurrentActor } from './current-actor.decorator';
import { CreateInviteDto } from '../dto/create-invite.dto';
import { InviteResponse } from '../dto/invite-response.dto';
import { InviteService } from '../invites/invite.service';
import { HOUSEHOLD_ID_PARAM as HID } from './household-id-param';

const NOT_FOUND = 'HOUSEHOLD_NOT_FOUND (also when not a member)';
const FORBIDDEN = 'HOUSEHOLD_PERMISSION_DENIED (not an owner or admin), ROLE_TOO_HIGH';

@ApiTags('invites')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/households/:hid/invites')
export class InviteController {
  constructor(private readonly invites: InviteService) {}

  @Post()
  @ApiOperation({
    summary: 'Invite someone by email (owners and admins, for a role no higher than their own)',
    description:
      'Mails a link with a single-use token, valid 7 days. When an open invite for that email ' +
      'exists already, it is sent again (new link, role as asked now, 7 more days) and the ' +
      'answer is 200 instead of 201.',
  })
  @ApiParam(HID)
  @ApiCreatedResponse({ type: InviteResponse, description: 'A new invite' })
  @ApiOkResponse({ type: InviteResponse, description: 'The open invite for that email, re-sent' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (email, role)' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'ALREADY_MEMBER, SEAT_LIMIT, HOUSEHOLD_READ_ONLY' })
  async create(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Body() body: CreateInviteDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InviteResponse> {
    const outcome = await this.invites.create(actor, hid, body);
    response.status(outcome.created ? HttpStatus.CREATED : HttpStatus.OK);
    return outcome.invite;
  }

  @Get()
  @ApiOperation({ summary: 'Open invites: pending, and expired ones that can be resent' })
  @ApiParam(HID)
  @ApiOkResponse({ type: [InviteResponse] })
  @ApiForbiddenResponse({ description: 'HOUSEHOLD_PERMISSION_DENIED' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('hid') hid: string,
  ): Promise<InviteResponse[]> {
    return this.invites.list(user.id, hid);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send the invite again: a new link (the old one stops working), 7 days',
  })
  @ApiParam(HID)
  @ApiOkResponse({ type: InviteResponse })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}, INVITE_NOT_FOUND` })
  @ApiConflictResponse({ description: 'SEAT_LIMIT, HOUSEHOLD_READ_ONLY' })
  resend(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Param('id') id: string,
  ): Promise<InviteResponse> {
    return this.invites.resend(actor, hid, id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an open invite: its link stops working' })
  @ApiParam(HID)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}, INVITE_NOT_FOUND` })
  @ApiConflictResponse({ description: 'HOUSEHOLD_READ_ONLY' })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('hid') hid: string,
    @Param('id') id: string,
  ): Promise<void> {
    return this.invites.revoke(actor, hid, id);
  }
}
