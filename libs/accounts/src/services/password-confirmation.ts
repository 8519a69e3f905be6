import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../repositories/user.repository';
import { LoginRateLimiter } from './login-rate-limiter';

/**
 * Re-checks the password of a signed-in person before an irreversible step (deleting a
 * household). A session alone is not enough for those: it may have been left open or stolen.
 * Wrong passwords count against the account's sign-in limit, as a password change does, so a
 * stolen session cannot be used to guess the password here either.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
  ) {}

  /**
   * True when `password` is the account's password. Throws 429 RATE_LIMITED (with
   * `retryAfterSeconds`) once the account has used up its attempts.
   */
  async confirm(userId: string, password: string): Promise<boolean> {
    const user = await this.users.findById(userId);
    if (!user) {
      // The session's account vanished meanwhile: spend the same time, and say no.
      return this.hasher.verifyDummy(password);
    }
    await this.limiter.attempt(user.email, null);
    if (!(await this.hasher.verify(user.passwordHash, password))) return false;
    await this.limiter.succeeded(user.email, null);
    return true;
  }
}
