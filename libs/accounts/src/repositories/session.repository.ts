import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Raw, Repository } from 'typeorm';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity } from '../entities/user.entity';
import { AccountsTransaction } from './transaction-runner';

export interface NewSession {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface ActiveSession {
  id: string;
  lastSeenAt: Date;
  user: UserEntity;
}

@Injectable()
export class SessionRepository {
  constructor(@InjectRepository(SessionEntity) private readonly rows: Repository<SessionEntity>) {}

  in(tx: AccountsTransaction): SessionRepository {
    return new SessionRepository(tx.manager.getRepository(SessionEntity));
  }

  async create(session: NewSession): Promise<string> {
    const saved = await this.rows.save(this.rows.create({ ...session, revokedAt: null }));
    return saved.id;
  }

  /** The session with this token hash when it is neither revoked nor expired (database clock). */
  async findActive(tokenHash: string): Promise<ActiveSession | null> {
    const session = await this.rows.findOne({
      where: { tokenHash, revokedAt: IsNull(), expiresAt: Raw((column) => `${column} > now()`) },
      relations: { user: true },
    });
    if (!session?.user) return null;
    return { id: session.id, lastSeenAt: session.lastSeenAt, user: session.user };
  }

  /** Records activity, at most once a minute per session (reads should not all become writes). */
  async touch(sessionId: string): Promise<void> {
    await this.rows.query(
      `UPDATE sessions SET last_seen_at = now()
        WHERE id = $1 AND last_seen_at < now() - interval '1 minute'`,
      [sessionId],
    );
  }

  async revoke(sessionId: string): Promise<void> {
    await this.rows.query(
      'UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [sessionId],
    );
  }

  /** Revokes every session of the user, except `keepSessionId` when given. */
  async revokeAllOfUser(userId: string, keepSessionId?: string): Promise<number> {
    const result: [unknown[], number] = await this.rows.query(
      `UPDATE sessions SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, keepSessionId ?? null],
    );
    return result[1];
  }

  /** Deletes sessions that can no longer authenticate. */
  async purgeEnded(): Promise<number> {
    const result: [unknown[], number] = await this.rows.query(
      'DELETE FROM sessions WHERE expires_at < now() OR revoked_at IS NOT NULL',
    );
    return result[1];
  }

  /** The user's sessions that can still authenticate, most recently used first. */
  listActive(userId: string): Promise<SessionEntity[]> {
    return this.rows.find({
      where: { userId, revokedAt: IsNull(), expiresAt: Raw((column) => `${column} > now()`) },
      order: { lastSeenAt: 'DESC', createdAt: 'DESC' },
    });
  }

  /** Revokes one of the user's own active sessions; false when there is none with this id. */
  async revokeOwn(userId: string, sessionId: string): Promise<boolean> {
    const result: [unknown[], number] = await this.rows.query(
      `UPDATE sessions SET revoked_at = now()
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()`,
      [sessionId, userId],
    );
    return result[1] === 1;
  }
}
