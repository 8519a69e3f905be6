import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { FoyerError, HouseholdId, toHouseholdId } from '@foyer/core';
import { householdBucket } from '@foyer/households';
import {
  ArchiveEntryOut,
  ArchiveReader,
  ExportScope,
  PortableSection,
  PortableSectionProvider,
  RestoreTarget,
  SectionRestoreReport,
  SectionSnapshot,
  SnapshotChange,
} from '@foyer/portability';
import { ObjectStorage, StorageErrorCode } from '@foyer/storage';
import { BlobHoldRepository } from '../repositories/blob-hold.repository';
import { FileNodeRepository } from '../repositories/file-node.repository';
import { blobKey } from '../services/blob-key';
import { FILES_ROOT, PlannedNode, planFilesArchive } from './files-archive-plan';
import { FilesRestorer } from './files-restorer';

export const FILES_JSONL = 'files.jsonl';
/** A hold outlives a killed export by at most this long; a live one renews it well before. */
const HOLD_TTL_SECONDS = 6 * 60 * 60;
const HOLD_RENEW_MS = 10 * 60 * 1000;

/** One line of files.jsonl: what a person or an importer needs to know of each node. */
interface FilesLine {
  path: string;
  entry: string;
  id: string;
  type: 'file' | 'folder';
  size: number;
  sha256: string | null;
  contentType: string | null;
  mtime: string;
  createdAt: string;
  author: string | null;
  trashed: boolean;
  trashedAt?: string;
  trashedBy?: string | null;
}

function lineOf(planned: PlannedNode): FilesLine {
  const { node } = planned;
  return {
    path: planned.path,
    entry: node.kind === 'folder' ? `${planned.entry}/` : planned.entry,
    id: node.id,
    type: node.kind,
    size: node.size,
    sha256: node.sha256,
    contentType: node.contentType,
    mtime: node.modifiedAt.toISOString(),
    createdAt: node.createdAt.toISOString(),
    author: node.createdBy,
    trashed: planned.trashed,
    ...(planned.trashed && node.trashedAt
      ? { trashedAt: node.trashedAt.toISOString(), trashedBy: node.trashedBy }
      : {}),
  };
}

/**
 * The files section of the household archive: the live tree under `files/`, the trash under
 * `trash/`, folders as folder entries (so empty ones survive), then `files.jsonl`.
 *
 * Consistency: the snapshot is every row read in one statement, after taking a blob hold (see
 * BlobHoldRepository), so each blob the snapshot names stays in storage until the export lets
 * go, even if the file is overwritten or the trash emptied meanwhile: the archive is the
 * household as it was at that instant. Should a blob still be gone (a hold that expired on an
 * export running for hours), the file is written as it is now and listed as `modified`, or left
 * out and listed as `deleted`; never silently.
 */
@Injectable()
@PortableSectionProvider()
export class FilesPortableSection implements PortableSection {
  readonly id = 'files';
  /** Last: the big part, after the small records. */
  readonly order = 1000;
  private readonly logger = new Logger(FilesPortableSection.name);

  constructor(
    private readonly nodes: FileNodeRepository,
    private readonly holds: BlobHoldRepository,
    private readonly storage: ObjectStorage,
    private readonly restorer: FilesRestorer,
  ) {}

  async snapshot(rawHouseholdId: string, scope: ExportScope): Promise<SectionSnapshot> {
    const householdId = toHouseholdId(rawHouseholdId);
    const holdId = await this.holds.take(householdId, HOLD_TTL_SECONDS, 'export');
    try {
      const rows = await this.nodes.allNodes(householdId);
      const plan = planFilesArchive(rows, scope.kind === 'member' ? scope.userId : undefined);
      return new FilesSnapshot(householdId, holdId, plan, {
        nodes: this.nodes,
        holds: this.holds,
        storage: this.storage,
        logger: this.logger,
      });
    } catch (error) {
      await this.holds.release(householdId, holdId).catch(() => undefined);
      throw error;
    }
  }

  /** Into a new, hidden household: see FilesRestorer. */
  restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport> {
    return this.restorer.restore(target, archive);
  }
}

interface SnapshotTools {
  nodes: FileNodeRepository;
  holds: BlobHoldRepository;
  storage: ObjectStorage;
  logger: Logger;
}

class FilesSnapshot implements SectionSnapshot {
  readonly entryCount: number;
  readonly byteCount: number;
  /**
   * What each node is written as: the snapshot's row, or the file as it is now when its blob
   * was gone. files.jsonl lines are made from it when written, not held: an export holds one
   * row per node, nothing more, whatever the household's size.
   */
  private readonly plan: PlannedNode[];
  private readonly changes: SnapshotChange[] = [];
  private lastRenewal = Date.now();
  private closed = false;

  constructor(
    private readonly householdId: HouseholdId,
    private readonly holdId: string,
    plan: readonly PlannedNode[],
    private readonly tools: SnapshotTools,
  ) {
    this.plan = [...plan];
    // The `files/` folder entry and files.jsonl besides the nodes.
    this.entryCount = plan.length + 2;
    this.byteCount = plan.reduce((sum, planned) => sum + planned.node.size, 0);
  }

  async *entries(): AsyncIterable<ArchiveEntryOut> {
    const snapshotTime = new Date();
    yield { path: `${FILES_ROOT}/`, modifiedAt: snapshotTime };
    const left: boolean[] = this.plan.map(() => false);
    for (let index = 0; index < this.plan.length; index++) {
      await this.renewHold();
      const planned = this.plan[index];
      const { node } = planned;
      if (node.kind === 'folder') {
        yield { path: `${planned.entry}/`, modifiedAt: node.modifiedAt };
        continue;
      }
      yield {
        path: planned.entry,
        modifiedAt: node.modifiedAt,
        size: node.size,
        compressible: false,
        open: async () => {
          const body = await this.open(planned, index);
          if (body === null) left[index] = true;
          return body;
        },
        written: (actual) => {
          const expected = this.plan[index].node;
          if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
            throw new Error(
              `The stored bytes of ${planned.path} do not match their checksum ` +
                `(${actual.size} bytes, sha256 ${actual.sha256}; expected ${expected.size}, ${expected.sha256})`,
            );
          }
        },
      };
    }
    const written = this.plan.filter((_, index) => !left[index]);
    yield {
      path: FILES_JSONL,
      modifiedAt: snapshotTime,
      open: async () => Readable.from(linesOf(written)),
    };
  }

  async metadata(): Promise<Record<string, unknown>> {
    const live = this.plan.filter((planned) => !planned.trashed);
    return {
      files: live.filter((planned) => planned.node.kind === 'file').length,
      folders: live.filter((planned) => planned.node.kind === 'folder').length,
      trashed: this.plan.length - live.length,
      bytes: this.plan.reduce((sum, planned) => sum + planned.node.size, 0),
    };
  }

  async changedDuringExport(): Promise<readonly SnapshotChange[]> {
    return this.changes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tools.holds.release(this.householdId, this.holdId);
  }

  private async renewHold(): Promise<void> {
    if (Date.now() - this.lastRenewal < HOLD_RENEW_MS) return;
    this.lastRenewal = Date.now();
    await this.tools.holds.renew(this.householdId, this.holdId, HOLD_TTL_SECONDS);
  }

  /**
   * The snapshot's blob; if it is gone after all, the file as it is now (`modified`) or nothing
   * (`deleted`). A blob missing while its row still names it is lost data: that fails loudly.
   */
  private async open(planned: PlannedNode, index: number): Promise<Readable | null> {
    const bucket = householdBucket(this.householdId);
    const { node } = planned;
    try {
      return await this.tools.storage.getObject(bucket, blobKey(node.blobId as string));
    } catch (error) {
      if ((error as FoyerError).code !== StorageErrorCode.ObjectNotFound) throw error;
    }
    const current = await this.tools.nodes.findById(this.householdId, node.id);
    if (!current || current.kind !== 'file' || !current.blobId) {
      this.changes.push({ path: planned.entry, change: 'deleted' });
      return null;
    }
    if (current.blobId === node.blobId) throw new Error(`The bytes of ${planned.path} are missing`);
    this.tools.logger.warn(
      { householdId: this.householdId, path: planned.path },
      'A file changed during the export after its blob hold ended; writing it as it is now',
    );
    const body = await this.tools.storage.getObject(bucket, blobKey(current.blobId));
    this.plan[index] = { ...planned, node: current };
    this.changes.push({ path: planned.entry, change: 'modified' });
    return body;
  }
}

function* linesOf(plan: readonly PlannedNode[]): Generator<Buffer> {
  for (const planned of plan) yield Buffer.from(`${JSON.stringify(lineOf(planned))}\n`);
}
