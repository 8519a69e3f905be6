import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedUser, toAuthenticatedUser } from '../authenticated-user';
import { normalizeEmail } from '../email-address';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../repositories/user.repository';
import { LoginRateLimiter } from './login-rate-limiter';

export interface LoginAttempt {
  email: string;
  password: string;
  ip: string | null;
}

/** Checks an email and password (behind the passport local strategy). */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
  ) {}

  /**
   * The user when the password is right. An unknown email and a wrong password get the same
   * refusal after the same work (a verification against a dummy hash), so neither the answer nor
   * its timing tells whether the email has an account.
   */
  async authenticate(attempt: LoginAttempt): Promise<AuthenticatedUser> {
    const email = normalizeEmail(attempt.email);
    await this.limiter.attempt(email, attempt.ip);
    const user = await this.users.findByEmail(email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, attempt.password)
      : await this.hasher.verifyDummy(attempt.password);
    if (!user || !valid) {
      throw new FoyerError(
        401,
        AccountsErrorCode.InvalidCredentials,
        'The email or the password is wrong',
      );
    }
    await this.limiter.succeeded(email, attempt.ip);
    return toAuthenticatedUser(user);
  }
}
