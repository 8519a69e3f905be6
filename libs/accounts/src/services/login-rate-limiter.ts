import { Injectable } from '@nestjs/common';
import { CoreErrorCode, FoyerConfig, FoyerError } from '@foyer/core';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { sha256Hex } from '../tokens/secret-token';

/**
 * Limits password attempts in fixed windows of FOYER_LOGIN_LIMIT_WINDOW_SECONDS: per client IP
 * (FOYER_LOGIN_LIMIT_PER_IP) and per account email (FOYER_LOGIN_LIMIT_PER_ACCOUNT), whether the
 * account exists or not (so the limit reveals nothing either). Every attempt is counted before
 * the password is checked, which holds under concurrency and across replicas; a successful attempt
 * is given back, so only failures use up the budget.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    private readonly windows: RateLimitRepository,
    private readonly config: FoyerConfig,
  ) {}

  /** Counts one attempt; throws 429 RATE_LIMITED (with `retryAfterSeconds`) past either limit. */
  async attempt(email: string, ip: string | null): Promise<void> {
    const { perIp, perAccount, windowSeconds } = this.config.loginLimits;
    const checks: { key: string; limit: number }[] = [
      { key: this.accountKey(email), limit: perAccount },
    ];
    if (ip) checks.push({ key: this.ipKey(ip), limit: perIp });
    let retryAfterSeconds = 0;
    for (const { key, limit } of checks) {
      const { count, secondsLeft } = await this.windows.hit(key, windowSeconds);
      if (count > limit) retryAfterSeconds = Math.max(retryAfterSeconds, secondsLeft);
    }
    if (retryAfterSeconds > 0) {
      throw new FoyerError(
        429,
        CoreErrorCode.RateLimited,
        `Too many sign-in attempts; try again in ${retryAfterSeconds} seconds`,
        { retryAfterSeconds },
      );
    }
  }

  /** After a correct password: the attempt does not count, and the account starts afresh. */
  async succeeded(email: string, ip: string | null): Promise<void> {
    await this.windows.clear(this.accountKey(email));
    if (ip) await this.windows.refund(this.ipKey(ip), this.config.loginLimits.windowSeconds);
  }

  /** Accounts are keyed by a hash, so the table holds no email addresses. */
  private accountKey(email: string): string {
    return `login:account:${sha256Hex(email)}`;
  }

  private ipKey(ip: string): string {
    return `login:ip:${ip}`;
  }
}
