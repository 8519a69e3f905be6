import { Injectable } from '@nestjs/common';
import { HouseholdScope, toHouseholdId } from '@foyer/core';
import {
  archiveLines,
  type ArchiveFieldCheck,
  type ArchiveReader,
  type RestoreTarget,
  type SectionRestoreReport,
} from '@foyer/portability';
import { ImportedHouseholdRepository } from './imported-household.repository';

const HOUSEHOLD_JSON = 'household.json';
const AUDIT_JSONL = 'audit.jsonl';
const AUDIT_BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Settings that belong to the instance that set them, not to the household: an operator's quota
 * override on the old instance says nothing about this one.
 */
const INSTANCE_SETTINGS = ['storageQuotaBytes'];

interface AuditLine {
  id?: string;
  occurredAt?: string;
  actor?: string | null;
  action?: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * The household section's restore: the settings of household.json, then the audit log of
 * audit.jsonl, appended with its original ids, times and actors (mapped to the accounts here).
 * Members are the importer's (they need the accounts library). Idempotent: settings are set, and
 * an event already there (same id) is not inserted again.
 */
@Injectable()
export class HouseholdRestorer {
  constructor(
    private readonly imported: ImportedHouseholdRepository,
    private readonly scope: HouseholdScope,
  ) {}

  async restore(
    target: RestoreTarget,
    archive: ArchiveReader & { has?(path: string): boolean },
  ): Promise<SectionRestoreReport> {
    const householdId = toHouseholdId(target.householdId);
    const skipped: { path: string; reason: string }[] = [];
    let restored = 0;
    if (this.present(archive, HOUSEHOLD_JSON)) {
      const record = await archive.readJson<{ settings?: unknown }>(HOUSEHOLD_JSON);
      const settings =
        record.settings && typeof record.settings === 'object' && !Array.isArray(record.settings)
          ? { ...(record.settings as Record<string, unknown>) }
          : {};
      for (const key of INSTANCE_SETTINGS) delete settings[key];
      await this.imported.updateSettings(householdId, settings);
      restored++;
    }
    if (!this.present(archive, AUDIT_JSONL)) return { restored, skipped };

    let batch: AuditLine[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const rows = batch.map((line) => ({
        id: line.id && UUID.test(line.id) ? line.id : null,
        occurredAt: line.occurredAt ?? null,
        actor: line.actor ? (target.userIdByArchiveUserId.get(line.actor) ?? null) : null,
        action: line.action,
        target: line.target ?? null,
        details: line.details && typeof line.details === 'object' ? line.details : {},
        ip: line.ip ?? null,
      }));
      batch = [];
      await this.scope.run(householdId, ({ manager }) =>
        this.imported.insertAuditEvents(householdId, rows, manager),
      );
    };
    const take = (text: string, lineNumber: number): void => {
      if (!text.trim()) return;
      let line: AuditLine;
      try {
        line = JSON.parse(text) as AuditLine;
      } catch {
        skipped.push({ path: `${AUDIT_JSONL}:${lineNumber}`, reason: 'not valid JSON' });
        return;
      }
      if (typeof line.action !== 'string' || line.action === '') {
        skipped.push({ path: `${AUDIT_JSONL}:${lineNumber}`, reason: 'no action' });
        return;
      }
      batch.push(line);
      restored++;
    };
    for await (const { number, text } of archiveLines(archive, AUDIT_JSONL)) {
      take(text, number);
      if (batch.length >= AUDIT_BATCH) await flush();
    }
    await flush();
    return { restored, skipped };
  }

  /**
   * Before anything is written: household.json's settings (a JSON object PostgreSQL can store)
   * and each audit line's values (dates, bounded texts, no NUL). A line that is not JSON or has
   * no action is skipped by the restore and reported, as before.
   */
  async check(
    archive: ArchiveReader & { has?(path: string): boolean },
    check: ArchiveFieldCheck,
  ): Promise<void> {
    if (this.present(archive, HOUSEHOLD_JSON)) {
      const record = await archive.readJson<unknown>(HOUSEHOLD_JSON);
      if (!record || typeof record !== 'object' || Array.isArray(record)) {
        check.problem(HOUSEHOLD_JSON, 'must be a JSON object');
      } else {
        check.jsonObject(
          `${HOUSEHOLD_JSON} settings`,
          (record as { settings?: unknown }).settings,
          true,
        );
      }
    }
    if (!this.present(archive, AUDIT_JSONL)) return;
    for await (const { number: lineNumber, text } of archiveLines(archive, AUDIT_JSONL)) {
      if (check.full) return;
      if (!text.trim()) continue;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (!line || typeof line !== 'object' || typeof line.action !== 'string' || !line.action)
        continue;
      const at = `${AUDIT_JSONL} line ${lineNumber}`;
      check.text(`${at} action`, line.action, { max: 200 });
      check.dateTime(`${at} occurredAt`, line.occurredAt, true);
      check.text(`${at} id`, line.id, { max: 100, optional: true });
      check.text(`${at} actor`, line.actor, { max: 100, optional: true });
      check.text(`${at} target`, line.target, { max: 4096, optional: true, empty: true });
      check.text(`${at} ip`, line.ip, { max: 100, optional: true });
      check.jsonObject(`${at} details`, line.details, true);
    }
  }

  private present(archive: ArchiveReader & { has?(path: string): boolean }, path: string): boolean {
    return archive.has
      ? archive.has(path)
      : archive.list(path).some((entry) => entry.path === path);
  }
}
