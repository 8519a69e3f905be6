import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ImportSourceKind, ImportStatus } from '../import-status';
import type { ImportFailure, ImportProgress, ImportReport } from '../services/import-report';
import type { ImportMemberMapping, ImportRecord } from './import-record';

interface ImportRow {
  id: string;
  requested_by: string | null;
  source_kind: ImportSourceKind;
  source: string;
  owner_email: string | null;
  status: ImportStatus;
  progress: Partial<ImportProgress>;
  report: ImportReport | null;
  error: ImportFailure | null;
  target_household_id: string | null;
  archive_bytes: string;
  attempts: number;
  members: ImportMemberMapping[];
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

function toRecord(row: ImportRow): ImportRecord {
  return {
    id: row.id,
    requestedBy: row.requested_by,
    sourceKind: row.source_kind,
    source: row.source,
    ownerEmail: row.owner_email,
    status: row.status,
    progress: row.progress,
    report: row.report,
    error: row.error,
    householdId: row.target_household_id,
    archiveBytes: Number(row.archive_bytes),
    attempts: row.attempts,
    members: row.members,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export interface NewImport {
  requestedBy: string | null;
  sourceKind: ImportSourceKind;
  source: string;
  ownerEmail: string | null;
  archiveBytes: number;
}

/**
 * The `imports` table (control plane). Status changes are conditional on the import not being
 * finished, so a late attempt of a job cannot undo a `done` or `failed`.
 */
@Injectable()
export class ImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(values: NewImport): Promise<ImportRecord> {
    const rows = await this.dataSource.query<ImportRow[]>(
      `INSERT INTO imports (requested_by, source_kind, source, owner_email, archive_bytes)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [
        values.requestedBy,
        values.sourceKind,
        values.source,
        values.ownerEmail,
        values.archiveBytes,
      ],
    );
    return toRecord(rows[0]);
  }

  async findById(id: string): Promise<ImportRecord | null> {
    const rows = await this.dataSource.query<ImportRow[]>('SELECT * FROM imports WHERE id = $1', [
      id,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM imports WHERE id = $1', [id]);
  }

  /** Counts an attempt; returns the record as it now is, or null when it is already finished. */
  async startAttempt(id: string): Promise<ImportRecord | null> {
    const rows = await this.dataSource.query<ImportRow[]>(
      `WITH changed AS (
         UPDATE imports SET attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND status NOT IN ('done', 'failed')
          RETURNING *)
       SELECT * FROM changed`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async setStatus(id: string, status: ImportStatus, progress: ImportProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET status = $2, progress = $3::jsonb, updated_at = now()
        WHERE id = $1 AND status NOT IN ('done', 'failed')`,
      [id, status, JSON.stringify(progress)],
    );
  }

  async setProgress(id: string, progress: ImportProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET progress = $2::jsonb, updated_at = now()
        WHERE id = $1 AND status NOT IN ('done', 'failed')`,
      [id, JSON.stringify(progress)],
    );
  }

  /** Records the household id before the household is created, so a retry finds it again. */
  async setHousehold(id: string, householdId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET target_household_id = $2, updated_at = now() WHERE id = $1 AND target_household_id IS NULL`,
      [id, householdId],
    );
  }

  async setArchiveBytes(id: string, bytes: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET archive_bytes = $2, updated_at = now() WHERE id = $1`,
      [id, bytes],
    );
  }

  async setMembers(id: string, members: readonly ImportMemberMapping[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET members = $2::jsonb, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(members)],
    );
  }

  async finish(
    id: string,
    outcome: { report: ImportReport } | { error: ImportFailure },
    progress: ImportProgress,
  ): Promise<void> {
    const done = 'report' in outcome;
    await this.dataSource.query(
      `UPDATE imports
          SET status = $2, report = $3::jsonb, error = $4::jsonb, progress = $5::jsonb,
              finished_at = now(), updated_at = now()
        WHERE id = $1 AND status NOT IN ('done', 'failed')`,
      [
        id,
        done ? ImportStatus.Done : ImportStatus.Failed,
        done ? JSON.stringify(outcome.report) : null,
        done ? null : JSON.stringify(outcome.error),
        JSON.stringify(progress),
      ],
    );
  }
}
