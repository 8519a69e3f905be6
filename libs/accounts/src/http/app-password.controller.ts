import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../authenticated-user';
import { AppPasswordCreatedResponse } from '../dto/app-password-created-response.dto';
import { AppPasswordResponse } from '../dto/app-password-response.dto';
import { CreateAppPasswordDto } from '../dto/create-app-password.dto';
import { AppPasswordService } from '../services/app-password.service';
import { CurrentUser } from './current-user.decorator';
import { RequireVerifiedEmail } from './require-verified-email.decorator';
import { SESSION_COOKIE } from './session-cookie';

@ApiTags('me')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
@Controller('api/v1/me/app-passwords')
export class AppPasswordController {
  constructor(private readonly appPasswords: AppPasswordService) {}

  @Post()
  // An unverified account may be a squatter's: it gets no credential that outlives a reset.
  @RequireVerifiedEmail()
  @ApiOperation({
    summary: 'Create a password for one DAV client; it is shown only in this answer',
  })
  @ApiCreatedResponse({ type: AppPasswordCreatedResponse })
  @ApiForbiddenResponse({ description: 'EMAIL_NOT_VERIFIED' })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateAppPasswordDto,
  ): Promise<AppPasswordCreatedResponse> {
    return this.appPasswords.create(user.id, body.label);
  }

  @Get()
  @ApiOperation({ summary: 'The active app passwords, by label and last use (never the secrets)' })
  @ApiOkResponse({ type: [AppPasswordResponse] })
  list(@CurrentUser() user: AuthenticatedUser): Promise<AppPasswordResponse[]> {
    return this.appPasswords.list(user.id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an app password' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'APP_PASSWORD_NOT_FOUND' })
  revoke(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.appPasswords.revoke(user.id, id);
  }
}
