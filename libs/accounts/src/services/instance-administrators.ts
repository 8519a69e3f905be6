import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { normalizeEmail } from '../email-address';
import { TransactionRunner } from '../repositories/transaction-runner';
import { UserRepository } from '../repositories/user.repository';

export interface InstanceAdministrator {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
}

/**
 * Who administers the instance (`users.is_instance_admin`): the first account signed up, the owner
 * of the first household imported into an instance without one, and whoever the operator names
 * with `foyer admin grant`. An instance always keeps at least one once it has one: the last
 * cannot be revoked. Changes are serialised with signups (one advisory lock), so a concurrent
 * first signup, import or revoke cannot leave the instance with none.
 */
@Injectable()
export class InstanceAdministrators {
  constructor(
    private readonly users: UserRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(): Promise<InstanceAdministrator[]> {
    return (await this.users.administrators()).map((user) => ({
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
    }));
  }

  /** Makes the account an administrator (nothing changes when it is one already). */
  async grant(rawEmail: string): Promise<InstanceAdministrator> {
    return this.transactions.run(async (tx) => {
      const users = this.users.in(tx);
      await users.lockAdministrators();
      const user = await this.mustFind(users, rawEmail);
      if (!user.isInstanceAdmin) await users.setInstanceAdmin(user.id, true);
      return { userId: user.id, email: user.email, displayName: user.displayName };
    });
  }

  /**
   * Takes the role back. 404 ACCOUNT_NOT_FOUND for an unknown email; 409 LAST_INSTANCE_ADMIN
   * when it is the only administrator left.
   */
  async revoke(rawEmail: string): Promise<InstanceAdministrator> {
    return this.transactions.run(async (tx) => {
      const users = this.users.in(tx);
      await users.lockAdministrators();
      const user = await this.mustFind(users, rawEmail);
      if (user.isInstanceAdmin) {
        const others = (await users.administrators()).filter((admin) => admin.id !== user.id);
        if (others.length === 0) {
          throw new FoyerError(
            409,
            AccountsErrorCode.LastInstanceAdmin,
            `${user.email} is the last instance administrator: grant the role to someone else first`,
          );
        }
        await users.setInstanceAdmin(user.id, false);
      }
      return { userId: user.id, email: user.email, displayName: user.displayName };
    });
  }

  /**
   * Makes the account an administrator when the instance has none (an import into a fresh
   * server, whose only accounts are the imported members). True when it did.
   */
  async grantIfNone(userId: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const users = this.users.in(tx);
      await users.lockAdministrators();
      if ((await users.administrators()).length > 0) return false;
      await users.setInstanceAdmin(userId, true);
      return true;
    });
  }

  private async mustFind(users: UserRepository, rawEmail: string) {
    const user = await users.findByEmail(normalizeEmail(rawEmail));
    if (!user) {
      throw new FoyerError(
        404,
        AccountsErrorCode.AccountNotFound,
        `There is no account with the email ${rawEmail.trim()} here`,
      );
    }
    return user;
  }
}
