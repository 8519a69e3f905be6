import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedUser } from '../authenticated-user';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { SessionRepository } from '../repositories/session.repository';
import { TransactionRunner } from '../repositories/transaction-runner';
import { UserRepository } from '../repositories/user.repository';
import { AuthTokenService } from './auth-token.service';
import { LoginRateLimiter } from './login-rate-limiter';

/** A signed-in person changes their password, proving the current one. */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly appPasswords: AppPasswordRepository,
    private readonly tokens: AuthTokenService,
    private readonly transactions: TransactionRunner,
    private readonly passwordPolicy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
  ) {}

  /**
   * Sets the new password and revokes every other session of the user (the current one stays
   * signed in: it has just proven the password), every app password and any outstanding reset
   * link. Wrong current passwords count against the account's
   * login limit, so a stolen session cannot be used to guess the password.
   */
  async change(
    user: AuthenticatedUser,
    currentSessionId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    this.passwordPolicy.assertAcceptable(newPassword);
    await this.limiter.attempt(user.email, null);
    const stored = await this.users.findById(user.id);
    if (!stored || !(await this.hasher.verify(stored.passwordHash, currentPassword))) {
      throw new FoyerError(
        403,
        AccountsErrorCode.CurrentPasswordIncorrect,
        'The current password is wrong',
      );
    }
    await this.limiter.succeeded(user.email, null);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (tx) => {
      await this.users.in(tx).setPasswordHash(user.id, passwordHash);
      await this.sessions.in(tx).revokeAllOfUser(user.id, currentSessionId);
      await this.appPasswords.in(tx).revokeAllOfUser(user.id);
      await this.tokens.retireAll(user.id, 'password_reset', tx);
    });
  }
}
