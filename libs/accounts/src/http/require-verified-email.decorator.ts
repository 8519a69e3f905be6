import { applyDecorators, UseGuards } from '@nestjs/common';
import { VerifiedEmailGuard } from './verified-email.guard';

/** On a route or controller: only users with a verified email (403 EMAIL_NOT_VERIFIED). */
export const RequireVerifiedEmail = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(VerifiedEmailGuard));
