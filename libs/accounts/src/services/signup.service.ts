import { Injectable, Logger } from '@nestjs/common';
import { FoyerConfig, FoyerError } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { DEFAULT_LANGUAGE, type Language } from '@foyer/mail';
import { AccountsErrorCode } from '../accounts-error-code';
import { AccountResponse } from '../dto/account-response.dto';
import { normalizeEmail } from '../email-address';
import { UserEntity } from '../entities/user.entity';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { InvitedSignup, SignupInvitePolicy } from '../ports/signup-invite-policy';
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
  ) {}

  async signup(request: SignupRequest): Promise<AccountResponse> {
    const email = normalizeEmail(request.email);
    const looksFirst = !(await this.users.anyExists());
    const invite = await this.admittedInvite(email, request.inviteToken, request.ip ?? null);
    if (!looksFirst) this.assertAdmitted(invite !== null);
    this.passwordPolicy.assertAcceptable(request.password);
    if (await this.users.findByEmail(email)) throw this.emailTaken();
    const passwordHash = await this.hasher.hash(request.password);

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
      if (!created) throw this.emailTaken();
      return created;
    };
    const user = invite
      ? await this.invitePolicy.redeem(invite, (manager) => createAccount({ manager }))
      : await this.transactions.run(createAccount);

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

  private emailTaken(): FoyerError {
    return new FoyerError(
      409,
      AccountsErrorCode.EmailTaken,
      'An account with this email already exists',
    );
  }
}

export function toAccountResponse(user: UserEntity): AccountResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    emailVerified: user.emailVerifiedAt !== null,
  };
}
