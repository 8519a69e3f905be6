import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthTokenEntity, AuthTokenPurpose } from '../entities/auth-token.entity';
import { AuthTokenRepository } from '../repositories/auth-token.repository';
import { AccountsTransaction, TransactionRunner } from '../repositories/transaction-runner';
import { newSecretToken, sha256Hex } from '../tokens/secret-token';

/**
 * Single-use tokens sent by mail (email verification, password reset): 256 random bits, stored
 * only as their SHA-256, valid until their expiry and for one use.
 */
@Injectable()
export class AuthTokenService {
  constructor(
    private readonly tokens: AuthTokenRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** A fresh token for the user; the returned secret goes into the mail and nowhere else. */
  async issue(userId: string, purpose: AuthTokenPurpose, lifetimeMs: number): Promise<string> {
    const token = newSecretToken();
    await this.tokens.create({
      userId,
      purpose,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + lifetimeMs),
    });
    return token;
  }

  /**
   * Throws when the token cannot be used: 400 TOKEN_INVALID (unknown, or meant for another
   * action), 410 TOKEN_USED (used, or replaced by a later use), 410 TOKEN_EXPIRED.
   */
  async check(token: string, purpose: AuthTokenPurpose): Promise<AuthTokenEntity> {
    const found = await this.tokens.findByHash(sha256Hex(token));
    if (!found || found.purpose !== purpose) {
      throw new FoyerError(
        400,
        AccountsErrorCode.TokenInvalid,
        'This link is not valid; ask for a new one',
      );
    }
    assertUsable(found, new Date());
    return found;
  }

  /**
   * Uses the token and does `work` in the same transaction: either the token is consumed and the
   * work is done, or neither. Every other outstanding token of the user for this purpose ends too.
   */
  async redeem<T>(
    token: string,
    purpose: AuthTokenPurpose,
    work: (tx: AccountsTransaction, userId: string) => Promise<T>,
  ): Promise<T> {
    const found = await this.check(token, purpose);
    return this.transactions.run(async (tx) => {
      const tokens = this.tokens.in(tx);
      if (!(await tokens.consume(found.id))) {
        // Another request used it a moment ago, or it expired in between.
        const current = await tokens.findByHash(found.tokenHash);
        assertUsable(current ?? { ...found, usedAt: new Date() }, new Date());
        throw usedError();
      }
      await tokens.retireOthers(found.userId, purpose, found.id);
      return work(tx, found.userId);
    });
  }

  /** Ends every outstanding token of the user for this purpose (say, after a password change). */
  retireAll(userId: string, purpose: AuthTokenPurpose, tx?: AccountsTransaction): Promise<void> {
    return (tx ? this.tokens.in(tx) : this.tokens).retireOthers(userId, purpose);
  }
}

/** Used wins over expired: a link that worked once says so, whenever it is clicked again. */
export function assertUsable(
  token: Pick<AuthTokenEntity, 'usedAt' | 'expiresAt'>,
  now: Date,
): void {
  if (token.usedAt) throw usedError();
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw new FoyerError(
      410,
      AccountsErrorCode.TokenExpired,
      'This link has expired; ask for a new one',
    );
  }
}

function usedError(): FoyerError {
  return new FoyerError(410, AccountsErrorCode.TokenUsed, 'This link has already been used');
}
