import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { AuthenticatedUser } from '../authenticated-user';
import { LoginService } from '../services/login.service';

/** Passport's local strategy: email and password from the JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly login: LoginService) {
    super({
      usernameField: 'email',
      passwordField: 'password',
      passReqToCallback: true,
      session: false,
    });
  }

  validate(request: Request, email: string, password: string): Promise<AuthenticatedUser> {
    return this.login.authenticate({ email, password, ip: request.ip ?? null });
  }
}
