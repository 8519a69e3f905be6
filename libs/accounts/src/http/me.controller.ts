import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser } from '../authenticated-user';
import { ChangePasswordDto } from '../dto/change-password.dto';
import { MeResponse } from '../dto/me-response.dto';
import { PasswordChangeService } from '../services/password-change.service';
import { ProfileService } from '../services/profile.service';
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
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in account and its households' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeResponse> {
    return this.profiles.me(user);
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
