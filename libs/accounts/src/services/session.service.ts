import { Injectable } from '@nestjs/common';
import { FoyerConfig, FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthenticatedUser, toAuthenticatedUser } from '../authenticated-user';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { SessionResponse } from '../dto/session-response.dto';
import { SessionRepository } from '../repositories/session.repository';
import { TransactionRunner } from '../repositories/transaction-runner';
import { newSecretToken, sha256Hex } from '../tokens/secret-token';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_USER_AGENT_LENGTH = 512;

export interface StartedSession {
  /** The bearer token: returned once to the client, stored only as its SHA-256. */
  token: string;
  expiresAt: Date;
}

export interface ResolvedSession {
  sessionId: string;
  user: AuthenticatedUser;
}

/**
 * Server-side sessions. A session lasts FOYER_SESSION_TTL_DAYS from sign-in (an absolute limit,
 * matching the cookie's lifetime) unless it is revoked first.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly appPasswords: AppPasswordRepository,
    private readonly transactions: TransactionRunner,
    private readonly config: FoyerConfig,
  ) {}

  async start(
    userId: string,
    client: { ip?: string | null; userAgent?: string | null },
  ): Promise<StartedSession> {
    const token = newSecretToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlDays * DAY_MS);
    await this.sessions.create({
      userId,
      tokenHash: sha256Hex(token),
      expiresAt,
      ip: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    });
    return { token, expiresAt };
  }

  /** The session and its user for a token, or null when it is unknown, expired or revoked. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    const session = await this.sessions.findActive(sha256Hex(token));
    if (!session) return null;
    await this.sessions.touch(session.id);
    return { sessionId: session.id, user: toAuthenticatedUser(session.user) };
  }

  revoke(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId);
  }

  /**
   * "Sign out everywhere": every session of the user, the current one included, and every app
   * password, since a DAV client is signed in too.
   */
  async revokeAll(userId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.sessions.in(tx).revokeAllOfUser(userId);
      await this.appPasswords.in(tx).revokeAllOfUser(userId);
    });
  }

  /** The signed-in browsers and clients of the user, the caller's own marked `current`. */
  async list(userId: string, currentSessionId: string): Promise<SessionResponse[]> {
    return (await this.sessions.listActive(userId)).map((session) => ({
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      ip: session.ip,
      userAgent: session.userAgent,
      current: session.id === currentSessionId,
    }));
  }

  /**
   * Ends one of the user's sessions (the current one too, if asked). 404 SESSION_NOT_FOUND for
   * an id that is not an active session of theirs, whoever else's it may be.
   */
  async revokeOwn(userId: string, sessionId: string): Promise<void> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (!uuid.test(sessionId) || !(await this.sessions.revokeOwn(userId, sessionId))) {
      throw new FoyerError(404, AccountsErrorCode.SessionNotFound, 'There is no such session');
    }
  }
}
