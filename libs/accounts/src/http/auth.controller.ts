import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Ip,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FoyerConfig, Public } from '@foyer/core';
import { DEFAULT_LANGUAGE, languageOfAcceptLanguage } from '@foyer/mail';
import { AuthenticatedUser } from '../authenticated-user';
import { AccountResponse } from '../dto/account-response.dto';
import { LoginDto } from '../dto/login.dto';
import { LoginResponse } from '../dto/login-response.dto';
import { PasswordResetConfirmDto } from '../dto/password-reset-confirm.dto';
import { PasswordResetRequestDto } from '../dto/password-reset-request.dto';
import { SignupDto } from '../dto/signup.dto';
import { TokenDto } from '../dto/token.dto';
import { EmailChangeService } from '../services/email-change.service';
import { EmailVerificationService } from '../services/email-verification.service';
import { PasswordResetService } from '../services/password-reset.service';
import { SessionService } from '../services/session.service';
import { SignupService } from '../services/signup.service';
import { CurrentSessionId } from './current-session-id.decorator';
import { CurrentUser } from './current-user.decorator';
import { LocalAuthGuard } from './local-auth.guard';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly signups: SignupService,
    private readonly sessions: SessionService,
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
    private readonly emailChanges: EmailChangeService,
    private readonly config: FoyerConfig,
  ) {}

  @Public()
  @Post('signup')
  @ApiOperation({
    summary: 'Create an account (FOYER_SIGNUP decides who may)',
    description:
      'With the `inviteToken` of a usable invite for this email, the account is created verified and ' +
      'the invite is redeemed with it (both or neither); a refusal of the invite (its own code) ' +
      'then leaves no account behind.',
  })
  @ApiCreatedResponse({
    type: AccountResponse,
    description:
      'Also for an address that has an account (its owner is told by mail): the answer never ' +
      'tells whether an address is known.',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, INVALID_EMAIL, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_TOO_COMMON',
  })
  @ApiForbiddenResponse({ description: 'SIGNUP_CLOSED, SIGNUP_INVITE_REQUIRED' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  signup(
    @Body() body: SignupDto,
    @Ip() ip: string | undefined,
    @Req() request: Request,
  ): Promise<AccountResponse> {
    const language =
      body.language ?? languageOfAcceptLanguage(request.get('accept-language')) ?? DEFAULT_LANGUAGE;
    return this.signups.signup({ ...body, language, ip: ip ?? null });
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in: returns the session token and sets the session cookie' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async login(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponse> {
    const session = await this.sessions.start(user.id, {
      ip: request.ip ?? null,
      userAgent: request.get('user-agent') ?? null,
    });
    setSessionCookie(response, session.token, session.expiresAt, this.config.secureCookies);
    return { accessToken: session.token };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'Sign out this session' })
  @ApiNoContentResponse()
  async logout(
    @CurrentSessionId() sessionId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.revoke(sessionId);
    clearSessionCookie(response, this.config.secureCookies);
  }

  @Post('logout-everywhere')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'Sign out every session of this account, this one included' })
  @ApiNoContentResponse()
  async logoutEverywhere(
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.revokeAll(user.id);
    clearSessionCookie(response, this.config.secureCookies);
  }

  @Public()
  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Confirm the email address with the token of the emailed link' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'TOKEN_INVALID' })
  @ApiGoneResponse({ description: 'TOKEN_EXPIRED, TOKEN_USED' })
  verifyEmail(@Body() body: TokenDto): Promise<void> {
    return this.verification.verify(body.token);
  }

  @Public()
  @Post('confirm-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Make the pending address the account's, with the emailed token" })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'TOKEN_INVALID' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  @ApiGoneResponse({ description: 'TOKEN_EXPIRED, TOKEN_USED' })
  confirmEmail(@Body() body: TokenDto): Promise<void> {
    return this.emailChanges.confirm(body.token);
  }

  @Post('verify-email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBearerAuth()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'Send the verification mail again' })
  @ApiAcceptedResponse()
  @ApiConflictResponse({ description: 'EMAIL_ALREADY_VERIFIED' })
  resendVerification(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.verification.resend(user);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a one-hour password reset link (always 202: no account enumeration)',
  })
  @ApiAcceptedResponse()
  requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<void> {
    return this.passwordReset.request(body.email);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the emailed token; signs out every session' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: 'TOKEN_INVALID, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_TOO_COMMON',
  })
  @ApiGoneResponse({ description: 'TOKEN_EXPIRED, TOKEN_USED' })
  confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    return this.passwordReset.confirm(body.token, body.password);
  }
}
