import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';

export interface DavLock {
  token: string;
  /** The locked path (`/a/b`, names NFC as FilesService formats them). */
  path: string;
  depth: '0' | 'infinity';
  scope: 'exclusive' | 'shared';
  owner: string;
  userId: string;
  expiresAt: Date;
}

interface RawLock {
  token: string;
  path: string;
  depth: '0' | 'infinity';
  scope: 'exclusive' | 'shared';
  owner: string;
  user_id: string;
  expires_at: Date;
}

function toLock(raw: RawLock): DavLock {
  return {
    token: raw.token,
    path: raw.path,
    depth: raw.depth,
    scope: raw.scope,
    owner: raw.owner,
    userId: raw.user_id,
    expiresAt: raw.expires_at,
  };
}

const COLUMNS = 'token, path, depth, scope, owner, user_id, expires_at';

/** Write locks (`dav_locks`, a tenant table); expired rows count as gone. */
@Injectable()
export class DavLockRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /**
   * The live locks that concern `path`: on it, on an ancestor with depth infinity, and (with
   * `withDescendants`) on anything below it.
   */
  async affecting(
    householdId: HouseholdId,
    path: string,
    withDescendants: boolean,
  ): Promise<DavLock[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawLock[]>(
        `SELECT ${COLUMNS} FROM dav_locks
         WHERE household_id = $1 AND expires_at > now()
           AND (path = $2
             OR (depth = 'infinity' AND (path = '/' OR starts_with($2, path || '/')))
             OR ($3 AND ($2 = '/' OR starts_with(path, $2 || '/'))))
         ORDER BY created_at`,
        [householdId, path, withDescendants],
      );
      return rows.map(toLock);
    });
  }

  /** Every live lock of the household (PROPFIND's lockdiscovery filters them per resource). */
  async live(householdId: HouseholdId): Promise<DavLock[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawLock[]>(
        `SELECT ${COLUMNS} FROM dav_locks WHERE household_id = $1 AND expires_at > now()
         ORDER BY created_at`,
        [householdId],
      );
      return rows.map(toLock);
    });
  }

  async find(householdId: HouseholdId, token: string): Promise<DavLock | undefined> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawLock[]>(
        `SELECT ${COLUMNS} FROM dav_locks
         WHERE household_id = $1 AND token = $2 AND expires_at > now()`,
        [householdId, token],
      );
      return rows[0] ? toLock(rows[0]) : undefined;
    });
  }

  /**
   * Inserts a lock unless a conflicting live one exists, or the household already holds `maxLive`
   * live locks (checked under the household's advisory lock, so two LOCKs cannot both win).
   * Expired rows are dropped on the way.
   */
  async insertUnlessConflict(
    householdId: HouseholdId,
    lock: DavLock,
    conflicts: (existing: DavLock[]) => boolean,
    maxLive: number,
  ): Promise<'inserted' | 'conflict' | 'too-many'> {
    return this.scope.run(householdId, async ({ manager }) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('dav_locks:' || $1))`, [
        householdId,
      ]);
      const existing = await this.affecting(householdId, lock.path, lock.depth === 'infinity');
      if (conflicts(existing)) return 'conflict';
      await manager.query('DELETE FROM dav_locks WHERE household_id = $1 AND expires_at <= now()', [
        householdId,
      ]);
      const [{ live }] = await manager.query<{ live: number }[]>(
        'SELECT count(*)::int AS live FROM dav_locks WHERE household_id = $1',
        [householdId],
      );
      if (live >= maxLive) return 'too-many';
      await manager.query(
        `INSERT INTO dav_locks (household_id, token, path, depth, scope, owner, user_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          householdId,
          lock.token,
          lock.path,
          lock.depth,
          lock.scope,
          lock.owner,
          lock.userId,
          lock.expiresAt,
        ],
      );
      return 'inserted';
    });
  }

  async refresh(householdId: HouseholdId, token: string, expiresAt: Date): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        'UPDATE dav_locks SET expires_at = $3 WHERE household_id = $1 AND token = $2',
        [householdId, token, expiresAt],
      );
    });
  }

  async remove(householdId: HouseholdId, token: string): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query('DELETE FROM dav_locks WHERE household_id = $1 AND token = $2', [
        householdId,
        token,
      ]);
    });
  }

  /** Drops the locks at and below a path (after a DELETE or a MOVE away), and expired ones. */
  async removeAtAndBelow(householdId: HouseholdId, path: string): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `DELETE FROM dav_locks WHERE household_id = $1
           AND (expires_at <= now() OR path = $2 OR starts_with(path, $2 || '/'))`,
        [householdId, path],
      );
    });
  }
}
