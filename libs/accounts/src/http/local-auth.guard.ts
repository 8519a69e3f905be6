import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { assertJsonBody, createValidationPipe, FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedUser } from '../authenticated-user';
import { LoginDto } from '../dto/login.dto';
import { withRetryAfter } from './retry-after';

/**
 * Runs the local strategy for `POST /auth/login`. Guards run before pipes, so the body is
 * validated here first (JSON only, then the same 400 VALIDATION_FAILED as everywhere); refusals
 * keep their own codes.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly validation = createValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    assertJsonBody(request);
    request.body = await this.validation.transform(request.body ?? {}, {
      type: 'body',
      metatype: LoginDto,
    });
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      throw withRetryAfter(http.getResponse<Response>(), error);
    }
  }

  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) {
      throw new FoyerError(
        401,
        AccountsErrorCode.InvalidCredentials,
        'The email or the password is wrong',
      );
    }
    return user;
  }
}
