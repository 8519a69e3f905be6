import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { Language } from '@foyer/mail';
import { UserEntity } from '../entities/user.entity';
import { AccountsTransaction } from './transaction-runner';

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName: string;
  isInstanceAdmin: boolean;
  emailVerified: boolean;
  language: Language;
}

export interface ProfileChange {
  displayName?: string;
  language?: Language;
}

const UNIQUE_VIOLATION = '23505';
/** Serialises signups, so that exactly one account can be the first (the instance administrator). */
const SIGNUP_LOCK_KEY = 'foyer.accounts.signup';

/** Another account has the email already (or took it in between). */
function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
  );
}

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly rows: Repository<UserEntity>) {}

  in(tx: AccountsTransaction): UserRepository {
    return new UserRepository(tx.manager.getRepository(UserEntity));
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** `email` must already be normalised (trimmed, lower-cased). */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.rows.findOneBy({ email });
  }

  async anyExists(): Promise<boolean> {
    return (await this.rows.createQueryBuilder('u').select('1').limit(1).getRawOne()) !== undefined;
  }

  /** Inside a transaction: waits for other signups to commit, until this transaction ends. */
  async lockSignups(): Promise<void> {
    await this.rows.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SIGNUP_LOCK_KEY]);
  }

  /** The new account, or null when the email is taken (also under a concurrent signup). */
  async create(user: NewUser): Promise<UserEntity | null> {
    try {
      const inserted = await this.rows.query(
        `INSERT INTO users
           (email, password_hash, display_name, is_instance_admin, email_verified_at, language)
         VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END, $6)
         RETURNING id`,
        [
          user.email,
          user.passwordHash,
          user.displayName,
          user.isInstanceAdmin,
          user.emailVerified,
          user.language,
        ],
      );
      return this.rows.findOneByOrFail({ id: (inserted as { id: string }[])[0].id });
    } catch (error) {
      if (isUniqueViolation(error)) {
        return null;
      }
      throw error;
    }
  }

  /** The instance administrators, by email. */
  administrators(): Promise<UserEntity[]> {
    return this.rows.find({ where: { isInstanceAdmin: true }, order: { email: 'ASC' } });
  }

  async setInstanceAdmin(userId: string, isInstanceAdmin: boolean): Promise<void> {
    await this.rows.query(
      'UPDATE users SET is_instance_admin = $2, updated_at = now() WHERE id = $1',
      [userId, isInstanceAdmin],
    );
  }

  /**
   * Inside a transaction: waits for other changes of who administers the instance (grant,
   * revoke, the first account), so that two revokes cannot both leave the other one last.
   */
  async lockAdministrators(): Promise<void> {
    await this.lockSignups();
  }

  async markEmailVerified(userId: string): Promise<void> {
    await this.rows.query(
      `UPDATE users SET email_verified_at = now(), updated_at = now()
        WHERE id = $1 AND email_verified_at IS NULL`,
      [userId],
    );
  }

  /**
   * Marks the email verified and, when this is its first verification, gives the account the
   * address's local part as its name: whoever chose the name had not proven the mailbox.
   */
  async takeOverUnverified(userId: string): Promise<void> {
    await this.rows.query(
      `UPDATE users SET email_verified_at = now(), updated_at = now(),
              display_name = left(split_part(email, '@', 1), 100)
        WHERE id = $1 AND email_verified_at IS NULL`,
      [userId],
    );
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.rows.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now()
        WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  async updateProfile(userId: string, change: ProfileChange): Promise<void> {
    await this.rows.query(
      `UPDATE users SET display_name = coalesce($2, display_name), language = coalesce($3, language),
              updated_at = now()
        WHERE id = $1`,
      [userId, change.displayName ?? null, change.language ?? null],
    );
  }

  /** Replaces (or, with null, drops) the address waiting for confirmation. */
  async setPendingEmail(userId: string, email: string | null): Promise<void> {
    await this.rows.query('UPDATE users SET pending_email = $2, updated_at = now() WHERE id = $1', [
      userId,
      email,
    ]);
  }

  /**
   * The pending address becomes the account's, verified (its link proved it). False when there
   * is none; null when another account took the address meanwhile.
   */
  async applyPendingEmail(userId: string): Promise<boolean | null> {
    try {
      const result: [unknown[], number] = await this.rows.query(
        `UPDATE users SET email = pending_email, pending_email = NULL,
                email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
          WHERE id = $1 AND pending_email IS NOT NULL`,
        [userId],
      );
      return result[1] === 1;
    } catch (error) {
      if (isUniqueViolation(error)) {
        return null;
      }
      throw error;
    }
  }
}
