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
    // Nothing to report on most runs (the first one at every start among them).
    const purged = Object.values(counts).some((count) => count > 0);
    if (purged) this.logger.log({ ...counts }, 'Purged expired authentication records');
    else this.logger.debug({ ...counts }, 'No expired authentication records to purge');
    return counts;
  }
}
