import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedUser } from '../authenticated-user';
import { normalizeEmail } from '../email-address';
import { UserRepository } from '../repositories/user.repository';
import { AccountMailComposer } from './account-mail-composer';
import { AuthTokenService } from './auth-token.service';
import { PasswordConfirmation } from './password-confirmation';

export const EMAIL_CHANGE_TOKEN_HOURS = 48;

/**
 * A signed-in person moves their account to another address. The new address waits (pending)
 * until the link mailed to it is opened: a typo never takes the account away from its owner, and
 * nobody can take over an address they cannot read. The current password is asked for, since the
 * address is how a forgotten password is recovered.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly users: UserRepository,
    private readonly confirmation: PasswordConfirmation,
    private readonly tokens: AuthTokenService,
    private readonly composer: AccountMailComposer,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Records the new address and queues its confirmation mail; earlier links end. Throws 403
   * CURRENT_PASSWORD_INCORRECT, 400 EMAIL_UNCHANGED, 409 EMAIL_TAKEN, or 429 RATE_LIMITED.
   */
  async request(user: AuthenticatedUser, rawEmail: string, currentPassword: string): Promise<void> {
    if (!(await this.confirmation.confirm(user.id, currentPassword))) {
      throw new FoyerError(
        403,
        AccountsErrorCode.CurrentPasswordIncorrect,
        'The current password is wrong',
      );
    }
    const email = normalizeEmail(rawEmail);
    if (email === user.email) {
      throw new FoyerError(
        400,
        AccountsErrorCode.EmailUnchanged,
        'This is already the address of your account',
      );
    }
    if (await this.users.findByEmail(email)) throw emailTaken();
    await this.tokens.retireAll(user.id, 'change_email');
    await this.users.setPendingEmail(user.id, email);
    await this.jobs.enqueue(
      JobName.SendEmailChangeEmail,
      { userId: user.id },
      { deduplicationKey: `email-change:${user.id}:${email}` },
    );
  }

  /** Forgets the pending address; its link stops working. */
  async cancel(user: AuthenticatedUser): Promise<void> {
    await this.tokens.retireAll(user.id, 'change_email');
    await this.users.setPendingEmail(user.id, null);
  }

  /** The job: a fresh token, mailed to the pending address (nothing to do once there is none). */
  async sendConfirmationMail(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user?.pendingEmail) return;
    const token = await this.tokens.issue(
      userId,
      'change_email',
      EMAIL_CHANGE_TOKEN_HOURS * 3600_000,
    );
    await this.mailer.send(
      this.composer.emailChange(
        { ...user, email: user.pendingEmail },
        user.email,
        token,
        EMAIL_CHANGE_TOKEN_HOURS,
      ),
    );
  }

  /**
   * The link was opened: the pending address becomes the account's, verified. 409 EMAIL_TAKEN
   * when another account got it meanwhile; the whole redemption is then undone.
   */
  async confirm(token: string): Promise<void> {
    await this.tokens.redeem(token, 'change_email', async (tx, userId) => {
      const applied = await this.users.in(tx).applyPendingEmail(userId);
      if (applied === null) throw emailTaken();
    });
  }
}

function emailTaken(): FoyerError {
  return new FoyerError(409, AccountsErrorCode.EmailTaken, 'An account already uses this address');
}
