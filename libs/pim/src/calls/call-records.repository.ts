import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import type { CallDirection } from './call-values';
import type { ParsedCall, SkippedLine } from './call-csv-parser';

export interface NewCallBatch {
  importedBy: string;
  fileName: string;
  filePath: string | null;
  defaultRegion: string;
  timeZone: string;
  linesRead: number;
  skipped: SkippedLine[];
}

export interface CallRecord {
  id: string;
  batchId: string;
  startedAt: Date;
  numberE164: string;
  rawNumber: string;
  durationSeconds: number;
  cost: string | null;
  currency: string | null;
  direction: CallDirection | null;
}

interface CallRow {
  id: string;
  batch_id: string;
  started_at: Date;
  number_e164: string;
  raw_number: string;
  duration_seconds: number;
  cost: string | null;
  currency: string | null;
  direction: CallDirection | null;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters (9 a row). */
const INSERT_ROWS = 1000;

/** `call_import_batches` and `call_records`, tenant tables, always in the household's scope. */
@Injectable()
export class CallRecordsRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /**
   * Records a batch and its calls in one transaction; a call already recorded (same start,
   * number, duration and direction, from any batch) is not added again. Returns the batch id
   * and how many calls were new.
   */
  insertBatch(
    householdId: HouseholdId,
    batch: NewCallBatch,
    calls: readonly ParsedCall[],
  ): Promise<{ batchId: string; added: number }> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [{ id: batchId }] = await manager.query<{ id: string }[]>(
        `INSERT INTO call_import_batches (household_id, imported_by, file_name, file_path,
           default_region, time_zone, lines_read, skipped)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id`,
        [
          householdId,
          batch.importedBy,
          batch.fileName,
          batch.filePath,
          batch.defaultRegion,
          batch.timeZone,
          batch.linesRead,
          JSON.stringify(batch.skipped),
        ],
      );
      let added = 0;
      for (let start = 0; start < calls.length; start += INSERT_ROWS) {
        const slice = calls.slice(start, start + INSERT_ROWS);
        const params: unknown[] = [householdId, batchId];
        const values = slice.map((call) => {
          params.push(
            call.line,
            call.startedAt,
            call.e164,
            call.rawNumber,
            call.durationSeconds,
            call.cost,
            call.currency,
            call.direction,
          );
          const at = params.length - 8;
          const p = (offset: number) => `$${at + offset}`;
          return `($1, $2, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::numeric, ${p(7)}, ${p(8)})`;
        });
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO call_records (household_id, batch_id, line, started_at, number_e164,
             raw_number, duration_seconds, cost, currency, direction)
           VALUES ${values.join(', ')}
           ON CONFLICT DO NOTHING RETURNING id`,
          params,
        );
        added += inserted.length;
      }
      await manager.query(
        `UPDATE call_import_batches SET calls_added = $3, duplicates = $4
          WHERE household_id = $1 AND id = $2`,
        [householdId, batchId, added, calls.length - added],
      );
      return { batchId, added };
    });
  }

  /** Calls newest first, in `[from, to)` when given, after a (started_at, id) position. */
  list(
    householdId: HouseholdId,
    query: {
      from: Date | null;
      to: Date | null;
      after: { startedAt: Date; id: string } | null;
      limit: number;
    },
  ): Promise<CallRecord[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<CallRow[]>(
        `SELECT id, batch_id, started_at, number_e164, raw_number, duration_seconds,
                cost::text AS cost, currency, direction
           FROM call_records
          WHERE household_id = $1
            AND ($2::timestamptz IS NULL OR started_at >= $2)
            AND ($3::timestamptz IS NULL OR started_at < $3)
            AND ($4::timestamptz IS NULL OR (started_at, id) < ($4, $5::uuid))
          ORDER BY started_at DESC, id DESC
          LIMIT $6`,
        [
          householdId,
          query.from,
          query.to,
          query.after?.startedAt ?? null,
          query.after?.id ?? null,
          query.limit,
        ],
      );
      return rows.map((row) => ({
        id: row.id,
        batchId: row.batch_id,
        startedAt: row.started_at,
        numberE164: row.number_e164,
        rawNumber: row.raw_number,
        durationSeconds: row.duration_seconds,
        cost: row.cost,
        currency: row.currency,
        direction: row.direction,
      }));
    });
  }
}
