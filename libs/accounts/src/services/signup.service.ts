import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CoreErrorCode, FoyerConfig, FoyerError } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { DEFAULT_LANGUAGE, type Language } from '@foyer/mail';
import { AccountsErrorCode } from '../accounts-error-code';
import { AccountResponse } from '../dto/account-response.dto';
import { normalizeEmail } from '../email-address';
import { UserEntity } from '../entities/user.entity';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { InvitedSignup, SignupInvitePolicy } from '../ports/signup-invite-policy';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { AccountsTransaction, TransactionRunner } from '../repositories/transaction-runner';
import { UserRepository } from '../repositories/user.repository';

export interface SignupRequest {
  email: string;
  password: string;
  displayName: string;
  inviteToken?: string;
  /** Of the account's mails: the web app's language, else the request's Accept-Language. */
  language?: Language;
  /** Where the request came from, passed on to an invite's redemption (its audit log). */
  ip?: string | null;
}

/**
 * Creates accounts under FOYER_SIGNUP. The very first account of an instance is always allowed and
 * becomes its administrator (verified at once in the embedded default, where nobody may have
 * configured mail yet); after that, `closed` refuses, `invite` needs an invite the
 * SignupInvitePolicy admits, and `open` lets anyone in.
 *
 * A signup that brings an invite the policy admits (under `invite` or `open`; `closed` stays
 * closed) is created with its email verified, since the invite's link was mailed to that address,
 * and the invite is redeemed in the same transaction as the account: both or neither. Under
 * `open`, a token the policy does not admit is ignored and the signup is an ordinary one.
 *
 * A signup never tells whether an address has an account: one that has gets the answer a new
 * account would (with an id that belongs to nothing), and its owner gets a mail saying someone
 * tried. Every attempt counts against FOYER_SIGNUP_LIMIT_PER_IP, so addresses cannot be tried in
 * bulk either (429 RATE_LIMITED with Retry-After past it).
 */
@Injectable()
export class SignupService {
  private readonly logger = new Logger(SignupService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly transactions: TransactionRunner,
    private readonly passwordPolicy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly invitePolicy: SignupInvitePolicy,
    private readonly jobs: JobQueue,
    private readonly config: FoyerConfig,
    private readonly windows: RateLimitRepository,
  ) {}

  async signup(request: SignupRequest): Promise<AccountResponse> {
    await this.countAttempt(request.ip ?? null);
    const email = normalizeEmail(request.email);
    const looksFirst = !(await this.users.anyExists());
    const invite = await this.admittedInvite(email, request.inviteToken, request.ip ?? null);
    if (!looksFirst) this.assertAdmitted(invite !== null);
    this.passwordPolicy.assertAcceptable(request.password);
    // Hashed before looking the address up, so both answers take the same time.
    const passwordHash = await this.hasher.hash(request.password);
    const existing = await this.users.findByEmail(email);
    if (existing) return this.answerForTaken(existing.id, email, request.displayName, invite);

    const createAccount = async (tx: AccountsTransaction): Promise<UserEntity> => {
      const users = this.users.in(tx);
      // One signup at a time decides who is first: two concurrent "first" signups cannot both
      // become administrator, and the later one meets the policy like any other.
      await users.lockSignups();
      const isFirst = !(await users.anyExists());
      if (looksFirst && !isFirst) this.assertAdmitted(invite !== null);
      const created = await users.create({
        email,
        passwordHash,
        displayName: request.displayName,
        language: request.language ?? DEFAULT_LANGUAGE,
        isInstanceAdmin: isFirst,
        // The invite's link reached this address: that is what verification proves.
        emailVerified: invite !== null || (isFirst && this.config.database.kind === 'embedded'),
      });
      // Thrown, not returned: an invite's redemption in the same transaction must be undone too.
      if (!created) throw new EmailTakenMeanwhile();
      return created;
    };
    let user: UserEntity;
    try {
      user = invite
        ? await this.invitePolicy.redeem(invite, (manager) => createAccount({ manager }))
        : await this.transactions.run(createAccount);
    } catch (error) {
      if (!(error instanceof EmailTakenMeanwhile)) throw error;
      const owner = await this.users.findByEmail(email);
      if (!owner) throw error;
      return this.answerForTaken(owner.id, email, request.displayName, invite);
    }

    if (!user.emailVerifiedAt) await this.requestVerificationMail(user);
    return toAccountResponse(user);
  }

  /** The signup's invite when the policy admits it; `closed` admits nobody, invite or not. */
  private async admittedInvite(
    email: string,
    inviteToken: string | undefined,
    ip: string | null,
  ): Promise<InvitedSignup | null> {
    if (inviteToken === undefined || this.config.signupPolicy === 'closed') return null;
    return (await this.invitePolicy.admits({ email, inviteToken }))
      ? { email, inviteToken, ip }
      : null;
  }

  private assertAdmitted(invited: boolean): void {
    switch (this.config.signupPolicy) {
      case 'open':
        return;
      case 'closed':
        throw new FoyerError(
          403,
          AccountsErrorCode.SignupClosed,
          'This Foyer does not accept new accounts',
        );
      case 'invite':
        if (invited) return;
        throw new FoyerError(
          403,
          AccountsErrorCode.SignupInviteRequired,
          'New accounts need an invite on this Foyer: use the link of the invite you received',
        );
    }
  }

  /**
   * The account exists once committed; a queue that is down must not undo it. The person can ask
   * for the mail again (`POST /api/v1/auth/verify-email/resend`).
   */
  private async requestVerificationMail(user: UserEntity): Promise<void> {
    try {
      await this.jobs.enqueue(
        JobName.SendVerificationEmail,
        { userId: user.id },
        { deduplicationKey: `verify-email:${user.id}` },
      );
    } catch (error) {
      this.logger.error({ err: error, userId: user.id }, 'Could not queue the verification mail');
    }
  }

  /** 429 RATE_LIMITED (with `retryAfterSeconds`) past FOYER_SIGNUP_LIMIT_PER_IP in the window. */
  private async countAttempt(ip: string | null): Promise<void> {
    if (!ip) return;
    const { perIp, windowSeconds } = this.config.signupLimits;
    const { count, secondsLeft } = await this.windows.hit(`signup:ip:${ip}`, windowSeconds);
    if (count > perIp) {
      throw new FoyerError(
        429,
        CoreErrorCode.RateLimited,
        `Too many sign-ups from this address; try again in ${secondsLeft} seconds`,
        { retryAfterSeconds: secondsLeft },
      );
    }
  }

  /**
   * The answer a new account would get, for an address that has one; its owner is told by mail,
   * once an hour at most, so that this cannot flood a mailbox.
   */
  private async answerForTaken(
    ownerId: string,
    email: string,
    displayName: string,
    invite: InvitedSignup | null,
  ): Promise<AccountResponse> {
    try {
      const { count } = await this.windows.hit(`signup-attempt:${ownerId}`, 3600);
      if (count === 1) await this.jobs.enqueue(JobName.SendSignupAttemptEmail, { userId: ownerId });
    } catch (error) {
      this.logger.error({ err: error, userId: ownerId }, 'Could not queue the signup-attempt mail');
    }
    return { id: randomUUID(), email, displayName, emailVerified: invite !== null };
  }
}

/** The unique index refused the address: another signup took it since it was looked up. */
class EmailTakenMeanwhile extends Error {}

export function toAccountResponse(user: UserEntity): AccountResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    emailVerified: user.emailVerifiedAt !== null,
  };
}
