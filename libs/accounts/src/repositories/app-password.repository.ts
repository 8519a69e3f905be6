import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AppPasswordEntity } from '../entities/app-password.entity';
import { AccountsTransaction } from './transaction-runner';

export interface NewAppPassword {
  userId: string;
  label: string;
  secretHash: string;
}

/** How long a revoked app password's row is kept (it can no longer authenticate). */
const KEEP_REVOKED = '30 days';

@Injectable()
export class AppPasswordRepository {
  constructor(
    @InjectRepository(AppPasswordEntity) private readonly rows: Repository<AppPasswordEntity>,
  ) {}

  in(tx: AccountsTransaction): AppPasswordRepository {
    return new AppPasswordRepository(tx.manager.getRepository(AppPasswordEntity));
  }

  create(appPassword: NewAppPassword): Promise<AppPasswordEntity> {
    return this.rows.save(this.rows.create({ ...appPassword, lastUsedAt: null, revokedAt: null }));
  }

  /** The user's app passwords that are not revoked, oldest first. */
  listActive(userId: string): Promise<AppPasswordEntity[]> {
    return this.rows.find({
      where: { userId, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Revokes the app password when it is the user's and still active; false otherwise. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const result: [unknown[], number] = await this.rows.query(
      `UPDATE app_passwords SET revoked_at = now()
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [id, userId],
    );
    return result[1] === 1;
  }

  /** Revokes every active app password of the user; how many there were. */
  async revokeAllOfUser(userId: string): Promise<number> {
    const result: [unknown[], number] = await this.rows.query(
      'UPDATE app_passwords SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
    return result[1];
  }

  /** The active app password with this secret hash, with its user. */
  findActiveBySecretHash(secretHash: string): Promise<AppPasswordEntity | null> {
    return this.rows.findOne({
      where: { secretHash, revokedAt: IsNull() },
      relations: { user: true },
    });
  }

  /** Records a use, at most once a minute (DAV clients send a request per resource). */
  async touch(id: string): Promise<void> {
    await this.rows.query(
      `UPDATE app_passwords SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  async purgeRevoked(): Promise<number> {
    const result: [unknown[], number] = await this.rows.query(
      `DELETE FROM app_passwords WHERE revoked_at < now() - interval '${KEEP_REVOKED}'`,
    );
    return result[1];
  }
}
