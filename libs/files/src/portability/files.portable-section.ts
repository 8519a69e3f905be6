import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { FoyerError, HouseholdId, toHouseholdId } from '@foyer/core';
import { householdBucket } from '@foyer/households';
import {
  ArchiveEntryOut,
  ArchiveFieldCheck,
  ArchiveReader,
  ExportScope,
  JsonLinesSpool,
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
    let spool: JsonLinesSpool<SpooledNode> | undefined;
    try {
      const rows = await this.nodes.allNodes(householdId);
      const plan = planFilesArchive(rows, scope.kind === 'member' ? scope.userId : undefined);
      spool = await JsonLinesSpool.create<SpooledNode>('export-files');
      for (const planned of plan) {
        await spool.append({ line: lineOf(planned), blobId: planned.node.blobId });
      }
      await spool.close();
      return new FilesSnapshot(householdId, holdId, spool, countsOf(plan), {
        nodes: this.nodes,
        holds: this.holds,
        storage: this.storage,
        logger: this.logger,
      });
    } catch (error) {
      await spool?.remove().catch(() => undefined);
      await this.holds.release(householdId, holdId).catch(() => undefined);
      throw error;
    }
  }

  /** Into a new, hidden household: see FilesRestorer. */
  restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport> {
    return this.restorer.restore(target, archive);
  }

  /** Every line of files.jsonl, as the API checks paths, names and types: see FilesRestorer. */
  check(archive: ArchiveReader, _metadata: unknown, check: ArchiveFieldCheck): Promise<void> {
    return this.restorer.check(archive, check);
  }
}

interface SnapshotTools {
  nodes: FileNodeRepository;
  holds: BlobHoldRepository;
  storage: ObjectStorage;
  logger: Logger;
}

/** What the snapshot remembers of a node: its files.jsonl line, and where its bytes are. */
interface SpooledNode {
  line: FilesLine;
  blobId: string | null;
}

interface SnapshotCounts {
  files: number;
  folders: number;
  trashed: number;
  bytes: number;
}

function countsOf(plan: readonly PlannedNode[]): SnapshotCounts {
  const counts: SnapshotCounts = { files: 0, folders: 0, trashed: 0, bytes: 0 };
  for (const { node, trashed } of plan) {
    counts.bytes += node.size;
    if (trashed) counts.trashed++;
    else if (node.kind === 'file') counts.files++;
    else counts.folders++;
  }
  return counts;
}

class FilesSnapshot implements SectionSnapshot {
  readonly entryCount: number;
  readonly byteCount: number;
  /**
   * The few nodes not written as the snapshot said, by their place in the spool: left out
   * (their blob and their file were gone), or written as they are now (`lineOf` the current row).
   */
  private readonly leftOut = new Set<number>();
  private readonly replaced = new Map<number, FilesLine>();
  private readonly changes: SnapshotChange[] = [];
  private lastRenewal = Date.now();
  private closed = false;

  /**
   * `spool` holds every node in archive order: the export reads it once for the entries and
   * once for files.jsonl, and holds nothing per node in memory, whatever the household's size.
   */
  constructor(
    private readonly householdId: HouseholdId,
    private readonly holdId: string,
    private readonly spool: JsonLinesSpool<SpooledNode>,
    private readonly counts: SnapshotCounts,
    private readonly tools: SnapshotTools,
  ) {
    // The `files/` folder entry and files.jsonl besides the nodes.
    this.entryCount = spool.count + 2;
    this.byteCount = counts.bytes;
  }

  async *entries(): AsyncIterable<ArchiveEntryOut> {
    const snapshotTime = new Date();
    yield { path: `${FILES_ROOT}/`, modifiedAt: snapshotTime };
    let index = 0;
    for await (const { line, blobId } of this.spool.values()) {
      const at = index++;
      await this.renewHold();
      if (line.type === 'folder') {
        yield { path: line.entry, modifiedAt: new Date(line.mtime) };
        continue;
      }
      yield {
        path: line.entry,
        modifiedAt: new Date(line.mtime),
        size: line.size,
        compressible: false,
        open: () => this.open(line, blobId, at),
        written: (actual) => {
          const expected = this.replaced.get(at) ?? line;
          if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
            throw new Error(
              `The stored bytes of ${line.path} do not match their checksum ` +
                `(${actual.size} bytes, sha256 ${actual.sha256}; expected ${expected.size}, ${expected.sha256})`,
            );
          }
        },
      };
    }
    yield {
      path: FILES_JSONL,
      modifiedAt: snapshotTime,
      open: async () => Readable.from(this.jsonLines()),
    };
  }

  async metadata(): Promise<Record<string, unknown>> {
    return { ...this.counts };
  }

  async changedDuringExport(): Promise<readonly SnapshotChange[]> {
    return this.changes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.tools.holds.release(this.householdId, this.holdId);
    } finally {
      await this.spool.remove();
    }
  }

  private async renewHold(): Promise<void> {
    if (Date.now() - this.lastRenewal < HOLD_RENEW_MS) return;
    this.lastRenewal = Date.now();
    await this.tools.holds.renew(this.householdId, this.holdId, HOLD_TTL_SECONDS);
  }

  /** files.jsonl: a line per node written, as it was written. */
  private async *jsonLines(): AsyncGenerator<Buffer> {
    let index = 0;
    for await (const { line } of this.spool.values()) {
      const at = index++;
      if (this.leftOut.has(at)) continue;
      yield Buffer.from(`${JSON.stringify(this.replaced.get(at) ?? line)}\n`);
    }
  }

  /**
   * The snapshot's blob; if it is gone after all, the file as it is now (`modified`) or nothing
   * (`deleted`). A blob missing while its row still names it is lost data: that fails loudly.
   */
  private async open(line: FilesLine, blobId: string | null, at: number): Promise<Readable | null> {
    const bucket = householdBucket(this.householdId);
    try {
      return await this.tools.storage.getObject(bucket, blobKey(blobId as string));
    } catch (error) {
      if ((error as FoyerError).code !== StorageErrorCode.ObjectNotFound) throw error;
    }
    const current = await this.tools.nodes.findById(this.householdId, line.id);
    if (!current || current.kind !== 'file' || !current.blobId) {
      this.leftOut.add(at);
      this.changes.push({ path: line.entry, change: 'deleted' });
      return null;
    }
    if (current.blobId === blobId) throw new Error(`The bytes of ${line.path} are missing`);
    this.tools.logger.warn(
      { householdId: this.householdId, path: line.path },
      'A file changed during the export after its blob hold ended; writing it as it is now',
    );
    const body = await this.tools.storage.getObject(bucket, blobKey(current.blobId));
    const now = lineOf({
      node: current,
      entry: line.entry,
      path: line.path,
      trashed: line.trashed,
    });
    this.replaced.set(at, now);
    this.counts.bytes += now.size - line.size;
    this.changes.push({ path: line.entry, change: 'modified' });
    return body;
  }
}
