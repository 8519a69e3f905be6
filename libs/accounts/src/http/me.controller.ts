import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser } from '../authenticated-user';
import { ChangeEmailDto } from '../dto/change-email.dto';
import { ChangePasswordDto } from '../dto/change-password.dto';
import { MeResponse } from '../dto/me-response.dto';
import { SessionResponse } from '../dto/session-response.dto';
import { UpdateMeDto } from '../dto/update-me.dto';
import { EmailChangeService } from '../services/email-change.service';
import { PasswordChangeService } from '../services/password-change.service';
import { ProfileService } from '../services/profile.service';
import { SessionService } from '../services/session.service';
import { CurrentSessionId } from './current-session-id.decorator';
import { CurrentUser } from './current-user.decorator';
import { withRetryAfter } from './retry-after';
import { SESSION_COOKIE } from './session-cookie';

@ApiTags('me')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
@Controller('api/v1/me')
export class MeController {
  constructor(
    private readonly profiles: ProfileService,
    private readonly passwordChanges: PasswordChangeService,
    private readonly emailChanges: EmailChangeService,
    private readonly sessions: SessionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in account and its households' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeResponse> {
    return this.profiles.me(user);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the display name and/or the language' })
  @ApiOkResponse({ type: MeResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateMeDto): Promise<MeResponse> {
    return this.profiles.update(user, body);
  }

  @Post('email')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Move the account to another address, once the link mailed to it is opened',
    description:
      'The address stays pending (`pendingEmail` in GET /me) until POST /api/v1/auth/confirm-email',
  })
  @ApiAcceptedResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, EMAIL_UNCHANGED' })
  @ApiForbiddenResponse({ description: 'CURRENT_PASSWORD_INCORRECT' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  async changeEmail(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangeEmailDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    try {
      await this.emailChanges.request(user, body.email, body.currentPassword);
    } catch (error) {
      throw withRetryAfter(response, error);
    }
  }

  @Delete('email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Forget the pending address; its link stops working' })
  @ApiNoContentResponse()
  cancelEmailChange(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.emailChanges.cancel(user);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'The signed-in browsers and clients of this account' })
  @ApiOkResponse({ type: [SessionResponse] })
  listSessions(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentSessionId() sessionId: string,
  ): Promise<SessionResponse[]> {
    return this.sessions.list(user.id, sessionId);
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign one session out' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND' })
  endSession(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.sessions.revokeOwn(user.id, id);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change the password; signs out every other session' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'CURRENT_PASSWORD_INCORRECT' })
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentSessionId() sessionId: string,
    @Body() body: ChangePasswordDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    try {
      await this.passwordChanges.change(user, sessionId, body.currentPassword, body.newPassword);
    } catch (error) {
      throw withRetryAfter(response, error);
    }
  }
}
