import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JobName, JobQueue } from '@foyer/jobs';
import { normalizeEmail } from '../email-address';
import { PasswordHasher } from '../passwords/password-hasher';
import { ImportedAccountRepository } from '../repositories/imported-account.repository';
import { UserRepository } from '../repositories/user.repository';

export interface ImportedAccount {
  readonly userId: string;
  /** False when an account with the email existed already (matched). */
  readonly created: boolean;
}

/**
 * Accounts for the members of an imported household (libs/imports). A member whose email has an
 * account here is matched to it; anyone else gets a new, unverified account whose password
 * nobody knows (a hash of random bytes), and then the password-reset mail, whose link sets a
 * password and, having proved the mailbox, verifies the email.
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

  async matchOrCreate(rawEmail: string, displayName: string): Promise<ImportedAccount> {
    const email = normalizeEmail(rawEmail);
    const existing = await this.users.findByEmail(email);
    if (existing) return { userId: existing.id, created: false };
    const created = await this.users.create({
      email,
      passwordHash: await this.hasher.hash(randomBytes(32).toString('base64url')),
      displayName: displayName.trim() || email,
      isInstanceAdmin: false,
      emailVerified: false,
    });
    if (created) return { userId: created.id, created: true };
    // Someone signed up with this email in between: theirs is the account.
    const raced = await this.users.findByEmail(email);
    if (!raced) throw new Error(`The account for ${email} could neither be created nor found`);
    return { userId: raced.id, created: false };
  }

  /** Queues the mail whose link sets the account's first password (the password-reset flow). */
  async sendSetPasswordMail(userId: string): Promise<void> {
    await this.jobs.enqueue(
      JobName.SendPasswordResetEmail,
      { userId },
      { deduplicationKey: `password-reset:${userId}` },
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
