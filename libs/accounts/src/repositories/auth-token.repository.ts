import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthTokenEntity, AuthTokenPurpose } from '../entities/auth-token.entity';
import { AccountsTransaction } from './transaction-runner';

export interface NewAuthToken {
  userId: string;
  purpose: AuthTokenPurpose;
  tokenHash: string;
  expiresAt: Date;
}

/** How long a used or expired token is kept, so that reuse is told apart from a wrong token. */
const KEEP_ENDED_TOKENS = '7 days';

@Injectable()
export class AuthTokenRepository {
  constructor(
    @InjectRepository(AuthTokenEntity) private readonly rows: Repository<AuthTokenEntity>,
  ) {}

  in(tx: AccountsTransaction): AuthTokenRepository {
    return new AuthTokenRepository(tx.manager.getRepository(AuthTokenEntity));
  }

  async create(token: NewAuthToken): Promise<void> {
    await this.rows.insert({ ...token, usedAt: null });
  }

  findByHash(tokenHash: string): Promise<AuthTokenEntity | null> {
    return this.rows.findOneBy({ tokenHash });
  }

  /**
   * Marks the token used if it still is usable; false when another request used it first or it
   * expired meanwhile (the update is conditional, so a token is consumed at most once).
   */
  async consume(tokenId: string): Promise<boolean> {
    const result: [unknown[], number] = await this.rows.query(
      `UPDATE auth_tokens SET used_at = now()
        WHERE id = $1 AND used_at IS NULL AND expires_at > now()`,
      [tokenId],
    );
    return result[1] === 1;
  }

  /** Ends the user's other outstanding tokens of this purpose (older links stop working). */
  async retireOthers(
    userId: string,
    purpose: AuthTokenPurpose,
    keepTokenId?: string,
  ): Promise<void> {
    await this.rows.query(
      `UPDATE auth_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL
          AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, purpose, keepTokenId ?? null],
    );
  }

  async purgeEnded(): Promise<number> {
    const result: [unknown[], number] = await this.rows.query(
      `DELETE FROM auth_tokens
        WHERE expires_at < now() - interval '${KEEP_ENDED_TOKENS}'
           OR used_at < now() - interval '${KEEP_ENDED_TOKENS}'`,
    );
    return result[1];
  }
}
