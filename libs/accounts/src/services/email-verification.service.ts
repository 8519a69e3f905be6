import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedUser } from '../authenticated-user';
import { UserRepository } from '../repositories/user.repository';
import { AccountMailComposer } from './account-mail-composer';
import { AuthTokenService } from './auth-token.service';

export const VERIFICATION_TOKEN_HOURS = 48;

/** Proving that an account's email address is its owner's, by a link sent to it. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: AuthTokenService,
    private readonly composer: AccountMailComposer,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * The job: a fresh token and the mail with its link. Nothing to do for an account that is gone or
   * already verified, so a retried or late job is harmless.
   */
  async sendVerificationMail(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.emailVerifiedAt) return;
    const token = await this.tokens.issue(
      userId,
      'verify_email',
      VERIFICATION_TOKEN_HOURS * 3600_000,
    );
    await this.mailer.send(this.composer.verification(user, token, VERIFICATION_TOKEN_HOURS));
  }

  async verify(token: string): Promise<void> {
    await this.tokens.redeem(token, 'verify_email', (tx, userId) =>
      this.users.in(tx).markEmailVerified(userId),
    );
  }

  /** Queues another verification mail; 409 EMAIL_ALREADY_VERIFIED when there is nothing to do. */
  async resend(user: AuthenticatedUser): Promise<void> {
    if (user.emailVerified) {
      throw new FoyerError(
        409,
        AccountsErrorCode.EmailAlreadyVerified,
        'This email address is already verified',
      );
    }
    await this.jobs.enqueue(
      JobName.SendVerificationEmail,
      { userId: user.id },
      { deduplicationKey: `verify-email:${user.id}` },
    );
  }
}
