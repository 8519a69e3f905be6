import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JobName, JobQueue } from '@foyer/jobs';
import type { Language } from '@foyer/mail';
import { normalizeEmail } from '../email-address';
import { PasswordHasher } from '../passwords/password-hasher';
import { ImportedAccountRepository } from '../repositories/imported-account.repository';
import { UserRepository } from '../repositories/user.repository';

/** What the mail of a member brought by an import says (see `sendMovedInMail`). */
export interface MovedInNotice {
  readonly householdId: string;
  /** The account of whoever ran the import, when known. */
  readonly movedBy: string | null;
  /** The address of the Foyer the household came from, when known. */
  readonly source: string | null;
}

export interface ImportedAccount {
  readonly userId: string;
  /** False when an account with the email existed already (matched). */
  readonly created: boolean;
}

/**
 * Accounts for the members of an imported household (libs/imports). A member whose email has an
 * account here is matched to it; anyone else gets a new, unverified account whose password
 * nobody knows (a hash of random bytes), and then a mail that says where their household moved,
 * whose link sets a password and, having proved the mailbox, verifies the email.
 */
@Injectable()
export class ImportedAccounts {
  constructor(
    private readonly users: UserRepository,
    private readonly imported: ImportedAccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly jobs: JobQueue,
  ) {}

  async findByEmail(rawEmail: string): Promise<string | null> {
    return (await this.users.findByEmail(normalizeEmail(rawEmail)))?.id ?? null;
  }

  /** `language`: of the new account's mails (the archive does not say the member's own). */
  async matchOrCreate(
    rawEmail: string,
    displayName: string,
    language: Language,
  ): Promise<ImportedAccount> {
    const email = normalizeEmail(rawEmail);
    const existing = await this.users.findByEmail(email);
    if (existing) return { userId: existing.id, created: false };
    const created = await this.users.create({
      email,
      passwordHash: await this.hasher.hash(randomBytes(32).toString('base64url')),
      displayName: displayName.trim() || email,
      isInstanceAdmin: false,
      emailVerified: false,
      language,
    });
    if (created) return { userId: created.id, created: true };
    // Someone signed up with this email in between: theirs is the account.
    const raced = await this.users.findByEmail(email);
    if (!raced) throw new Error(`The account for ${email} could neither be created nor found`);
    return { userId: raced.id, created: false };
  }

  /** The language of an account, for the accounts an import creates on its behalf. */
  async languageOf(userId: string): Promise<Language | null> {
    return (await this.users.findById(userId))?.language ?? null;
  }

  /**
   * Queues the mail that tells a member their household moved here, with a seven-day link that
   * sets the account's first password.
   */
  async sendMovedInMail(userId: string, notice: MovedInNotice): Promise<void> {
    await this.jobs.enqueue(
      JobName.SendMovedInEmail,
      { userId, ...notice },
      { deduplicationKey: `moved-in:${userId}:${notice.householdId}` },
    );
  }

  /**
   * Removes an account an import created, when the import failed: only while nobody has used
   * it (email unverified, no membership, no session).
   */
  removeUnused(userId: string): Promise<boolean> {
    return this.imported.deleteUnused(userId);
  }
}
