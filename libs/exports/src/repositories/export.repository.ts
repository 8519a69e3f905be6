import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import type { ArchiveProgress } from '../archive/archive-progress';

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';
export type ExportScopeKind = 'household' | 'member';

/** A row of `exports`, with bigints as numbers. */
export interface ExportRow {
  householdId: string;
  id: string;
  requestedBy: string | null;
  scope: ExportScopeKind;
  status: ExportStatus;
  attempts: number;
  progress: ArchiveProgress;
  objectKey: string | null;
  size: number | null;
  sha256: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  readyAt: Date | null;
  expiresAt: Date | null;
}

const COLUMNS = `household_id, id, requested_by, scope, status, attempts, entries_done, entry_total,
  bytes_done, byte_total, object_key, size, sha256, error, created_at, started_at, ready_at,
  expires_at`;

interface RawExportRow {
  household_id: string;
  id: string;
  requested_by: string | null;
  scope: ExportScopeKind;
  status: ExportStatus;
  attempts: number;
  entries_done: string;
  entry_total: string;
  bytes_done: string;
  byte_total: string;
  object_key: string | null;
  size: string | null;
  sha256: string | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  ready_at: Date | null;
  expires_at: Date | null;
}

function toRow(raw: RawExportRow): ExportRow {
  return {
    householdId: raw.household_id,
    id: raw.id,
    requestedBy: raw.requested_by,
    scope: raw.scope,
    status: raw.status,
    attempts: raw.attempts,
    progress: {
      entriesDone: Number(raw.entries_done),
      entryTotal: Number(raw.entry_total),
      bytesDone: Number(raw.bytes_done),
      byteTotal: Number(raw.byte_total),
    },
    objectKey: raw.object_key,
    size: raw.size === null ? null : Number(raw.size),
    sha256: raw.sha256,
    error: raw.error,
    createdAt: raw.created_at,
    startedAt: raw.started_at,
    readyAt: raw.ready_at,
    expiresAt: raw.expires_at,
  };
}

/** Household archives (`exports`, a tenant table): every method runs in the household's scope. */
@Injectable()
export class ExportRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /** `requestedBy` null: asked for with a migration token, by nobody with an account here. */
  async insert(
    householdId: HouseholdId,
    requestedBy: string | null,
    scope: ExportScopeKind,
  ): Promise<ExportRow> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawExportRow[]>(
        `INSERT INTO exports (household_id, requested_by, scope) VALUES ($1, $2, $3)
         RETURNING ${COLUMNS}`,
        [householdId, requestedBy, scope],
      );
      return toRow(rows[0]);
    });
  }

  async find(householdId: HouseholdId, id: string): Promise<ExportRow | undefined> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawExportRow[]>(
        `SELECT ${COLUMNS} FROM exports WHERE household_id = $1 AND id = $2`,
        [householdId, id],
      );
      return rows[0] ? toRow(rows[0]) : undefined;
    });
  }

  /** An export of this requester and scope that is still queued or running, if any. */
  async findInFlight(
    householdId: HouseholdId,
    requestedBy: string | null,
    scope: ExportScopeKind,
  ): Promise<ExportRow | undefined> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawExportRow[]>(
        `SELECT ${COLUMNS} FROM exports
         WHERE household_id = $1 AND requested_by IS NOT DISTINCT FROM $2 AND scope = $3
           AND status IN ('queued', 'running')
         ORDER BY created_at DESC LIMIT 1`,
        [householdId, requestedBy, scope],
      );
      return rows[0] ? toRow(rows[0]) : undefined;
    });
  }

  /** Newest first; only `requestedBy`'s when given. */
  async list(householdId: HouseholdId, requestedBy: string | undefined): Promise<ExportRow[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawExportRow[]>(
        `SELECT ${COLUMNS} FROM exports
         WHERE household_id = $1 AND ($2::uuid IS NULL OR requested_by = $2::uuid)
         ORDER BY created_at DESC, id LIMIT 100`,
        [householdId, requestedBy ?? null],
      );
      return rows.map(toRow);
    });
  }

  /**
   * Starts an attempt that writes to `objectKey`: running, progress from zero, one more attempt.
   * Returns the key of the previous attempt (to remove), or null. Undefined when the export is
   * no longer one to run (ready, failed, expired, or gone).
   */
  async startAttempt(
    householdId: HouseholdId,
    id: string,
    objectKey: string,
  ): Promise<{ previousKey: string | null; attempts: number } | undefined> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [before] = await manager.query<{ object_key: string | null }[]>(
        `SELECT object_key FROM exports WHERE household_id = $1 AND id = $2
           AND status IN ('queued', 'running') FOR UPDATE`,
        [householdId, id],
      );
      if (!before) return undefined;
      const [rows] = await manager.query<[{ attempts: number }[], number]>(
        `UPDATE exports SET status = 'running', object_key = $3, attempts = attempts + 1,
           entries_done = 0, entry_total = 0, bytes_done = 0, byte_total = 0,
           started_at = now(), error = NULL
         WHERE household_id = $1 AND id = $2
         RETURNING attempts`,
        [householdId, id, objectKey],
      );
      return { previousKey: before.object_key, attempts: rows[0].attempts };
    });
  }

  /** Progress of the attempt writing `objectKey` (a stale attempt's reports are ignored). */
  async progress(
    householdId: HouseholdId,
    id: string,
    objectKey: string,
    progress: ArchiveProgress,
  ): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `UPDATE exports SET entries_done = $4, entry_total = $5, bytes_done = $6, byte_total = $7
         WHERE household_id = $1 AND id = $2 AND object_key = $3 AND status = 'running'`,
        [
          householdId,
          id,
          objectKey,
          progress.entriesDone,
          progress.entryTotal,
          progress.bytesDone,
          progress.byteTotal,
        ],
      );
    });
  }

  /**
   * Ready, once the object at `objectKey` is complete. False when another attempt took the
   * export over meanwhile (its key is the one that counts).
   */
  async markReady(
    householdId: HouseholdId,
    id: string,
    objectKey: string,
    archive: { size: number; sha256: string; progress: ArchiveProgress },
    ttlDays: number,
  ): Promise<boolean> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [, count] = await manager.query<[unknown[], number]>(
        `UPDATE exports SET status = 'ready', size = $4, sha256 = $5, ready_at = now(),
           expires_at = now() + make_interval(days => $6), error = NULL,
           entries_done = $7, entry_total = $7, bytes_done = $8, byte_total = $8
         WHERE household_id = $1 AND id = $2 AND object_key = $3 AND status = 'running'`,
        [
          householdId,
          id,
          objectKey,
          archive.size,
          archive.sha256,
          ttlDays,
          archive.progress.entriesDone,
          archive.progress.bytesDone,
        ],
      );
      return count > 0;
    });
  }

  /** Records why an attempt failed; `final`: no retry comes, the export is failed. */
  async attemptFailed(
    householdId: HouseholdId,
    id: string,
    objectKey: string,
    error: string,
    final: boolean,
  ): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `UPDATE exports SET error = $4, status = CASE WHEN $5 THEN 'failed' ELSE 'queued' END,
           object_key = CASE WHEN $5 THEN NULL ELSE object_key END
         WHERE household_id = $1 AND id = $2 AND object_key = $3 AND status = 'running'`,
        [householdId, id, objectKey, error.slice(0, 2000), final],
      );
    });
  }

  /** Ready exports whose time is up. */
  async dueForExpiry(householdId: HouseholdId, now = new Date()): Promise<ExportRow[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawExportRow[]>(
        `SELECT ${COLUMNS} FROM exports
         WHERE household_id = $1 AND status = 'ready' AND expires_at <= $2`,
        [householdId, now],
      );
      return rows.map(toRow);
    });
  }

  /** Once its object is deleted. */
  async markExpired(householdId: HouseholdId, id: string): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `UPDATE exports SET status = 'expired', object_key = NULL
         WHERE household_id = $1 AND id = $2 AND status = 'ready'`,
        [householdId, id],
      );
    });
  }
}
