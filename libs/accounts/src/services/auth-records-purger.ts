import { Injectable, Logger } from '@nestjs/common';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { AuthTokenRepository } from '../repositories/auth-token.repository';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { SessionRepository } from '../repositories/session.repository';

export interface PurgeCounts {
  sessions: number;
  tokens: number;
  appPasswords: number;
  rateLimitWindows: number;
}

/** Deletes what can no longer authenticate: ended sessions, old tokens, revoked app passwords. */
@Injectable()
export class AuthRecordsPurger {
  private readonly logger = new Logger(AuthRecordsPurger.name);

  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: AuthTokenRepository,
    private readonly appPasswords: AppPasswordRepository,
    private readonly windows: RateLimitRepository,
  ) {}

  async purge(): Promise<PurgeCounts> {
    const counts: PurgeCounts = {
      sessions: await this.sessions.purgeEnded(),
      tokens: await this.tokens.purgeEnded(),
      appPasswords: await this.appPasswords.purgeRevoked(),
      rateLimitWindows: await this.windows.purgeEnded(),
    };
    this.logger.log({ ...counts }, 'Purged expired authentication records');
    return counts;
  }
}
