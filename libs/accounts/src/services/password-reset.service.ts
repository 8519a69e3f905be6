import { Injectable } from '@nestjs/common';
import { JobName, JobQueue } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { normalizeEmail } from '../email-address';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { SessionRepository } from '../repositories/session.repository';
import { UserRepository } from '../repositories/user.repository';
import { sha256Hex } from '../tokens/secret-token';
import { AccountMailComposer } from './account-mail-composer';
import { AuthTokenService } from './auth-token.service';

export const RESET_TOKEN_MINUTES = 60;
/** Reset mails per address and hour; further requests are accepted and silently dropped. */
export const RESET_MAILS_PER_HOUR = 5;

/** "I forgot my password": a one-hour, single-use link by mail, then a new password. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly appPasswords: AppPasswordRepository,
    private readonly tokens: AuthTokenService,
    private readonly passwordPolicy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly windows: RateLimitRepository,
    private readonly composer: AccountMailComposer,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Queues the mail when the email has an account. The caller answers 202 whatever happens here,
   * so the answer never tells whether an account exists; a mailbox cannot be flooded either.
   */
  async request(rawEmail: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    const { count } = await this.windows.hit(`password-reset:${sha256Hex(email)}`, 3600);
    if (count > RESET_MAILS_PER_HOUR) return;
    const user = await this.users.findByEmail(email);
    if (!user) return;
    await this.jobs.enqueue(
      JobName.SendPasswordResetEmail,
      { userId: user.id },
      { deduplicationKey: `password-reset:${user.id}` },
    );
  }

  /** The job: a fresh one-hour token and the mail with its link (a retry just sends a new one). */
  async sendResetMail(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) return;
    const token = await this.tokens.issue(userId, 'password_reset', RESET_TOKEN_MINUTES * 60_000);
    await this.mailer.send(this.composer.passwordReset(user, token, RESET_TOKEN_MINUTES));
  }

  /**
   * Sets the new password, uses up the token (and any older reset link), signs the account out
   * everywhere and ends its app passwords (someone who held the old password may have made
   * some) and, since the link proved the mailbox, marks the email verified: all or nothing. An
   * account verified only now was made by someone who never proved the mailbox (perhaps a
   * squatter who signed up with this address): the name they chose goes too.
   */
  async confirm(token: string, password: string): Promise<void> {
    await this.tokens.check(token, 'password_reset');
    this.passwordPolicy.assertAcceptable(password);
    const passwordHash = await this.hasher.hash(password);
    await this.tokens.redeem(token, 'password_reset', async (tx, userId) => {
      const users = this.users.in(tx);
      await users.setPasswordHash(userId, passwordHash);
      await users.takeOverUnverified(userId);
      await this.sessions.in(tx).revokeAllOfUser(userId);
      await this.appPasswords.in(tx).revokeAllOfUser(userId);
    });
  }
}
