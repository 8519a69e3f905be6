import { Injectable, Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { FoyerConfig, HouseholdId, toHouseholdId } from '@foyer/core';
import { householdBucket } from '@foyer/households';
import { JobName, JobPayloads, JobQueue, OnJob } from '@foyer/jobs';
import type { ExportScope } from '@foyer/portability';
import { ObjectStorage, StoredObject } from '@foyer/storage';
import { ArchiveProgress } from '../archive/archive-progress';
import { HouseholdArchiveWriter } from '../archive/household-archive-writer';
import { ExportRepository } from '../repositories/export.repository';
import { exportObjectKey } from './export-object-key';

/** Attempts of an export job before the export is failed for good. */
export const EXPORT_ATTEMPTS = 5;
/** The row's progress is written at most this often (and at the end). */
const PROGRESS_INTERVAL_MS = 1000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `exports.export-household`: streams the archive straight into the household's bucket (the
 * storage driver cuts it into multipart parts: one part in memory at a time) under a key of its
 * own, writing progress to the row as it goes. The export turns `ready` only once the writer
 * wrote the manifest and the object is complete. A retry — after a failure, or after Bull hands
 * back the job of a worker that died — starts over under a new key and removes the previous
 * attempt's object, so the archive is always one whole run's.
 */
@Injectable()
export class ExportHouseholdJob {
  private readonly logger = new Logger(ExportHouseholdJob.name);

  constructor(
    private readonly config: FoyerConfig,
    private readonly exports: ExportRepository,
    private readonly writer: HouseholdArchiveWriter,
    private readonly storage: ObjectStorage,
    private readonly jobs: JobQueue,
  ) {}

  @OnJob(JobName.ExportHousehold)
  async run(payload: JobPayloads[JobName.ExportHousehold]): Promise<void> {
    const householdId = toHouseholdId(payload.householdId);
    const row = await this.exports.find(householdId, payload.exportId);
    if (!row) return;
    if (row.status === 'ready') {
      // A replay after the export finished: only the mail may be missing.
      await this.announce(payload);
      return;
    }
    const objectKey = exportObjectKey(row.id);
    const attempt = await this.exports.startAttempt(householdId, row.id, objectKey);
    if (!attempt) return;
    const bucket = householdBucket(householdId);
    if (attempt.previousKey) await this.remove(bucket, attempt.previousKey);

    try {
      if (row.scope === 'member' && !row.requestedBy) {
        throw new Error('The member who asked for this export is no longer on this instance');
      }
      const scope: ExportScope =
        row.scope === 'member' && row.requestedBy
          ? { kind: 'member', userId: row.requestedBy }
          : { kind: 'household' };
      await this.storage.ensureBucket(bucket);
      const { stored, progress } = await this.writeArchive(householdId, row.id, scope, objectKey);
      const ready = await this.exports.markReady(
        householdId,
        row.id,
        objectKey,
        { size: stored.size, sha256: stored.sha256, progress },
        this.config.exportTtlDays,
      );
      if (!ready) {
        // Another attempt (a stalled job run twice) took over: its object is the one kept.
        await this.remove(bucket, objectKey);
        return;
      }
    } catch (error) {
      await this.remove(bucket, objectKey);
      const final = attempt.attempts >= EXPORT_ATTEMPTS;
      await this.exports
        .attemptFailed(householdId, row.id, objectKey, messageOf(error), final)
        .catch(() => undefined);
      this.logger.warn(
        { err: error, householdId, exportId: row.id, attempt: attempt.attempts },
        final ? 'Export failed for good' : 'Export attempt failed; it will be retried',
      );
      // The last attempt's failure is recorded on the row: nothing more for the queue to retry.
      if (final) return;
      throw error;
    }
    await this.announce(payload);
  }

  private async writeArchive(
    householdId: HouseholdId,
    exportId: string,
    scope: ExportScope,
    objectKey: string,
  ): Promise<{ stored: StoredObject; progress: ArchiveProgress }> {
    const body = new PassThrough();
    let last: ArchiveProgress = { entriesDone: 0, entryTotal: 0, bytesDone: 0, byteTotal: 0 };
    let lastWrite = 0;
    let writes: Promise<void> = Promise.resolve();
    const onProgress = (progress: ArchiveProgress): void => {
      last = progress;
      if (Date.now() - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = Date.now();
      // One write at a time, in order; a failed progress write must not fail the export.
      writes = writes
        .then(() => this.exports.progress(householdId, exportId, objectKey, progress))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not record progress'));
    };
    const storing = this.storage.putObject(householdBucket(householdId), objectKey, body);
    const writing = this.writer.write(householdId, scope, body, onProgress);
    const [stored, written] = await Promise.allSettled([storing, writing]);
    await writes;
    if (written.status === 'rejected') throw written.reason;
    if (stored.status === 'rejected') throw stored.reason;
    return { stored: stored.value, progress: last };
  }

  private async announce(payload: JobPayloads[JobName.ExportHousehold]): Promise<void> {
    await this.jobs.enqueue(JobName.SendExportReadyEmail, payload, {
      deduplicationKey: payload.exportId,
    });
  }

  /** Best effort: an attempt's object left behind is removed by the next attempt or the expiry. */
  private async remove(bucket: string, key: string): Promise<void> {
    await this.storage.removeObject(bucket, key).catch((error: unknown) => {
      this.logger.warn({ err: error, key }, 'Could not remove an export object');
    });
  }
}
