import { Body, Controller, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '@foyer/accounts';
import { Public } from '@foyer/core';
import { AcceptInviteDto } from '../dto/accept-invite.dto';
import { AcceptedInviteResponse } from '../dto/accepted-invite-response.dto';
import { InvitePreviewResponse } from '../dto/invite-preview-response.dto';
import { InviteAcceptanceService } from '../invites/invite-acceptance.service';

@ApiTags('invites')
@ApiBearerAuth()
@ApiCookieAuth('foyer_session')
@Controller('api/v1/invites')
export class InviteAcceptanceController {
  constructor(private readonly acceptance: InviteAcceptanceService) {}

  @Public()
  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "What an invite link's page shows: the household, who invited, and to which address",
    description: 'The token travels in the body, not the URL, so it stays out of access logs.',
  })
  @ApiOkResponse({ type: InvitePreviewResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVITE_INVALID' })
  @ApiConflictResponse({ description: 'INVITE_USED' })
  @ApiGoneResponse({ description: 'INVITE_EXPIRED, INVITE_REVOKED' })
  preview(@Body() body: AcceptInviteDto): Promise<InvitePreviewResponse> {
    return this.acceptance.preview(body.token);
  }

  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Join the household of an invite, as the signed-in account it was sent to',
    description:
      "The account's email must be the invite's, and verified. Without an account, sign up " +
      'with the token instead (`POST /api/v1/auth/signup` with `inviteToken`).',
  })
  @ApiOkResponse({ type: AcceptedInviteResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVITE_INVALID' })
  @ApiForbiddenResponse({
    description: 'EMAIL_NOT_VERIFIED, INVITE_EMAIL_MISMATCH (the invite is for another email)',
  })
  @ApiConflictResponse({
    description: 'INVITE_USED, ALREADY_MEMBER, SEAT_LIMIT, HOUSEHOLD_READ_ONLY',
  })
  @ApiGoneResponse({ description: 'INVITE_EXPIRED, INVITE_REVOKED' })
  accept(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: AcceptInviteDto,
    @Ip() ip: string | undefined,
  ): Promise<AcceptedInviteResponse> {
    return this.acceptance.accept(body.token, {
      userId: user.id,
      email: user.email,
      emailVerified: user.emailVerified,
      ip: ip ?? null,
    });
  }
}
