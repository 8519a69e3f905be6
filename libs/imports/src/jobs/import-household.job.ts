import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobPayloads, OnJob, OnJobFailed } from '@foyer/jobs';
import { ImportArchiveStore } from '../archive/import-archive-store';
import { ImportStatus } from '../import-status';
import { ImportRepository } from '../repositories/import.repository';
import { HouseholdImporter } from '../services/household-importer';
import { IMPORT_ATTEMPTS } from '../services/import-requests.service';

/**
 * `imports.import-household`: an uploaded archive, copied to a work file and imported. An
 * attempt that fails is retried by the queue and resumes; the last one removes what the import
 * created. Once the import is finished, the uploaded archive is deleted. An import whose
 * attempts all died with the process (a poison archive) is ended by `failed`.
 */
@Injectable()
export class ImportHouseholdJob {
  private readonly logger = new Logger(ImportHouseholdJob.name);

  constructor(
    private readonly records: ImportRepository,
    private readonly importer: HouseholdImporter,
    private readonly store: ImportArchiveStore,
  ) {}

  @OnJob(JobName.ImportHousehold)
  async run(payload: JobPayloads[JobName.ImportHousehold]): Promise<void> {
    const record = await this.records.findById(payload.importId);
    if (!record) {
      this.logger.warn(`Import ${payload.importId} no longer exists`);
      return;
    }
    if (record.status === ImportStatus.Done || record.status === ImportStatus.Failed) return;
    let archivePath: string;
    try {
      archivePath = await this.store.localCopy(record.id, record.archiveBytes);
    } catch (error) {
      // The queue counts this attempt: so does the import, or its last one would never come.
      const counted = await this.records.startAttempt(record.id);
      if (!counted || counted.attempts < IMPORT_ATTEMPTS) throw error;
      this.logger.error({ err: error, importId: record.id }, 'The archive could not be read');
      await this.importer.abandon(record.id, error);
      await this.store.removeUpload(record.id);
      return;
    }
    // `attempts` counts this one once the importer has started it.
    const finished = await this.importer.run(record.id, {
      archivePath,
      finalAttempt: record.attempts + 1 >= IMPORT_ATTEMPTS,
    });
    if (finished.status === ImportStatus.Done || finished.status === ImportStatus.Failed) {
      await this.store.removeUpload(record.id);
    }
  }

  /**
   * The job failed for good without the import recording it: its last attempt was cut short
   * (the process died) or failed before the importer could. The import ends `failed` with the
   * reason, its hidden household and unused accounts removed, and the archive deleted.
   */
  @OnJobFailed(JobName.ImportHousehold)
  async failed(payload: JobPayloads[JobName.ImportHousehold], reason: string): Promise<void> {
    const record = await this.records.findById(payload.importId);
    if (!record) return;
    if (record.status !== ImportStatus.Done && record.status !== ImportStatus.Failed) {
      this.logger.error({ importId: record.id, reason }, 'Import abandoned: its job failed');
      await this.importer.abandon(record.id, new Error(reason));
    }
    await this.store.removeUpload(record.id);
  }
}
