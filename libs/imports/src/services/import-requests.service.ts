import { Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { isAcceptableEmail, normalizeEmail } from '@foyer/accounts';
import { FoyerError } from '@foyer/core';
import { DEFAULT_ARCHIVE_LIMITS } from '@foyer/exports';
import { JobName, JobQueue } from '@foyer/jobs';
import { ImportArchiveStore } from '../archive/import-archive-store';
import { ImportsErrorCode } from '../imports-error-code';
import { ImportSourceKind } from '../import-status';
import { ImportRecord } from '../repositories/import-record';
import { ImportRepository } from '../repositories/import.repository';

/** Attempts of an import job; the last one's failure removes what the import created. */
export const IMPORT_ATTEMPTS = 3;
/** The largest archive the API takes: the verifier's limit on the total size. */
export const MAX_UPLOAD_BYTES = DEFAULT_ARCHIVE_LIMITS.maxTotalBytes;

/** Creating and reading imports (the instance administrator's API, and `foyer import`). */
@Injectable()
export class ImportRequestsService {
  constructor(
    private readonly records: ImportRepository,
    private readonly store: ImportArchiveStore,
    private readonly jobs: JobQueue,
  ) {}

  /** Validates an `owner` email given with a request; null when none is given. */
  ownerEmail(raw: string | undefined): string | null {
    if (raw === undefined || raw.trim() === '') return null;
    if (!isAcceptableEmail(raw)) {
      throw new FoyerError(400, ImportsErrorCode.InvalidOwner, 'owner must be an email address');
    }
    return normalizeEmail(raw);
  }

  /**
   * Streams the uploaded archive into storage, then queues its import. A declared length over
   * the limit is refused before a byte is read; an undeclared one is counted while streaming.
   */
  async fromUpload(
    requestedBy: string,
    body: Readable,
    declaredBytes: number | null,
    ownerEmail: string | null,
  ): Promise<ImportRecord> {
    if (declaredBytes === 0) {
      throw new FoyerError(400, ImportsErrorCode.EmptyArchive, 'The archive is empty');
    }
    if (declaredBytes !== null && declaredBytes > MAX_UPLOAD_BYTES) throw tooLarge();
    const record = await this.records.insert({
      requestedBy,
      sourceKind: ImportSourceKind.Upload,
      source: 'upload',
      ownerEmail,
      archiveBytes: 0,
    });
    let bytes: number;
    try {
      bytes = await this.store.storeUpload(record.id, capped(body, MAX_UPLOAD_BYTES));
      if (bytes === 0) {
        throw new FoyerError(400, ImportsErrorCode.EmptyArchive, 'The archive is empty');
      }
    } catch (error) {
      await this.store.removeUpload(record.id).catch(() => undefined);
      await this.records.delete(record.id);
      throw error;
    }
    await this.records.setArchiveBytes(record.id, bytes);
    await this.jobs.enqueue(
      JobName.ImportHousehold,
      { importId: record.id },
      { attempts: IMPORT_ATTEMPTS, deduplicationKey: `import:${record.id}` },
    );
    return (await this.records.findById(record.id)) as ImportRecord;
  }

  /** A record for an archive on this machine (`foyer import`, `foyer migrate`), run in-process. */
  fromFile(
    kind: ImportSourceKind.File | ImportSourceKind.Migration,
    source: string,
    archiveBytes: number,
    ownerEmail: string | null,
  ): Promise<ImportRecord> {
    return this.records.insert({
      requestedBy: null,
      sourceKind: kind,
      source,
      ownerEmail,
      archiveBytes,
    });
  }

  async find(id: string): Promise<ImportRecord> {
    const record = /^[0-9a-f-]{36}$/i.test(id) ? await this.records.findById(id) : null;
    if (!record) throw new FoyerError(404, ImportsErrorCode.NotFound, 'There is no such import');
    return record;
  }
}

function tooLarge(): FoyerError {
  return new FoyerError(
    413,
    ImportsErrorCode.ArchiveTooLarge,
    `An archive may be at most ${MAX_UPLOAD_BYTES} bytes`,
  );
}

/** The body, failing with 413 once more than `limit` bytes went through. */
function capped(body: Readable, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge() : null, chunk);
    },
  });
  body.on('error', (error) => counter.destroy(error));
  return body.pipe(counter);
}
