import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HouseholdId, toHouseholdId } from '@foyer/core';
import { householdBucket } from '@foyer/households';
import {
  archiveLines,
  type ArchiveFieldCheck,
  type ArchiveReader,
  type RestoreTarget,
  type SectionRestoreReport,
} from '@foyer/portability';
import { FoyerError } from '@foyer/core';
import { parsePath } from '../names/file-name';
import { ObjectStorage } from '@foyer/storage';
import {
  RestoredFileNodeRepository,
  RestoredNode,
} from '../repositories/restored-file-node.repository';
import { blobKey } from '../services/blob-key';
import { FILES_ROOT } from './files-archive-plan';

const FILES_JSONL = 'files.jsonl';
const ROW_BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields of a files.jsonl line the restore reads (see FilesPortableSection). */
interface FilesLine {
  path: string;
  entry: string;
  id: string;
  type: 'file' | 'folder';
  size: number;
  sha256: string | null;
  contentType: string | null;
  mtime: string;
  createdAt?: string;
  author: string | null;
  trashed: boolean;
  trashedAt?: string;
  trashedBy?: string | null;
}

/**
 * An id for a node the archive gives none for (or an unusable one), derived from its archive
 * entry, so that a resumed import finds the node it wrote before.
 */
function derivedId(entry: string): string {
  const hex = createHash('sha256').update(`foyer-import:${entry}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function parentPath(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Restores the files section into a new household: every node of files.jsonl with its id, name,
 * author, creation and modification times, and trash state; each file's bytes streamed from the
 * archive into the household's bucket (under the node's id) and checked against the archived
 * SHA-256 before its row is written. A node already there is skipped, so a resumed import
 * finishes the job without writing anything twice.
 */
@Injectable()
export class FilesRestorer {
  constructor(
    private readonly nodes: RestoredFileNodeRepository,
    private readonly storage: ObjectStorage,
  ) {}

  async restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport> {
    const householdId = toHouseholdId(target.householdId);
    const lines = archive.list(FILES_JSONL).some((entry) => entry.path === FILES_JSONL)
      ? await readLines(archive)
      : linesFromEntries(archive);
    const planned = plan(lines, target);
    const existing = await this.nodes.existingIds(householdId);
    const skipped = planned.skipped;
    let restored = 0;
    // Rows go in by batches, after their blobs: a blob stored without its row (a crash in
    // between) is written again by the resumed import, under the same key.
    let batch: RestoredNode[] = [];
    for (const { node, entry } of planned.nodes) {
      restored++;
      if (existing.has(node.id)) continue;
      if (node.kind === 'file') await this.storeContent(householdId, node, entry, archive);
      batch.push(node);
      if (batch.length >= ROW_BATCH) {
        await this.nodes.insert(householdId, batch);
        batch = [];
      }
    }
    await this.nodes.insert(householdId, batch);
    return { restored, skipped };
  }

  /**
   * files.jsonl line by line, before anything is written: each value the restore stores, as
   * the API checks it (paths and names as `parsePath`, the media type as an HTTP header carries
   * it, dates, sizes, hashes, no NUL anywhere), and each file's entry present in the archive.
   */
  async check(archive: ArchiveReader, check: ArchiveFieldCheck): Promise<void> {
    if (!archive.list(FILES_JSONL).some((entry) => entry.path === FILES_JSONL)) return;
    const entries = new Map(archive.list('').map((entry) => [entry.path, entry]));
    for await (const { number, text } of archiveLines(archive, FILES_JSONL)) {
      if (check.full) return;
      if (!text.trim()) continue;
      const at = `${FILES_JSONL} line ${number}`;
      let line: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
        line = parsed as Record<string, unknown>;
      } catch {
        check.problem(at, 'is not a JSON object');
        continue;
      }
      if (check.text(`${at} path`, line.path, { max: 65_536 })) {
        try {
          if (parsePath(line.path).length === 0) check.problem(`${at} path`, 'cannot be the root');
        } catch (error) {
          if (!(error instanceof FoyerError)) throw error;
          check.problem(`${at} path`, error.message);
        }
      }
      const isFile = line.type === 'file';
      check.oneOf(`${at} type`, line.type, ['file', 'folder'] as const);
      if (check.text(`${at} entry`, line.entry, { max: 65_536 })) {
        const entry = entries.get(line.entry as string);
        if (!entry || entry.isFolder === isFile) {
          check.problem(`${at} entry`, `is not a ${isFile ? 'file' : 'folder'} of the archive`);
        } else if (isFile && typeof line.size === 'number' && entry.size !== line.size) {
          check.problem(`${at} size`, `is ${line.size}, the archive's entry has ${entry.size}`);
        }
      }
      check.text(`${at} id`, line.id, { max: 100, optional: true });
      check.count(`${at} size`, line.size);
      check.sha256(`${at} sha256`, line.sha256, true);
      check.mediaType(`${at} contentType`, line.contentType, true);
      check.dateTime(`${at} mtime`, line.mtime);
      check.dateTime(`${at} createdAt`, line.createdAt, true);
      check.dateTime(`${at} trashedAt`, line.trashedAt, true);
      check.text(`${at} author`, line.author, { max: 100, optional: true });
      check.text(`${at} trashedBy`, line.trashedBy, { max: 100, optional: true });
      check.boolean(`${at} trashed`, line.trashed);
    }
  }

  private async storeContent(
    householdId: HouseholdId,
    node: RestoredNode,
    entry: string,
    archive: ArchiveReader,
  ): Promise<void> {
    const stored = await this.storage.putObject(
      householdBucket(householdId),
      blobKey(node.blobId as string),
      await archive.open(entry),
    );
    if (stored.size !== node.size || (node.sha256 !== null && stored.sha256 !== node.sha256)) {
      throw new Error(
        `The bytes of ${entry} are not the archived ones (${stored.size} bytes, sha256 ${stored.sha256})`,
      );
    }
    node.sha256 = stored.sha256;
  }
}

async function readLines(archive: ArchiveReader): Promise<FilesLine[]> {
  const lines: FilesLine[] = [];
  for await (const { text } of archiveLines(archive, FILES_JSONL)) {
    if (text.trim()) lines.push(JSON.parse(text) as FilesLine);
  }
  return lines;
}

/** Without files.jsonl (an archive made by hand): the live tree of `files/`, as the manifest lists it. */
function linesFromEntries(archive: ArchiveReader): FilesLine[] {
  return archive
    .list(`${FILES_ROOT}/`)
    .filter((entry) => entry.path !== `${FILES_ROOT}/`)
    .map((entry) => {
      const path = `/${entry.path.slice(FILES_ROOT.length + 1).replace(/\/$/, '')}`;
      return {
        path,
        entry: entry.path,
        id: derivedId(entry.path),
        type: entry.isFolder ? ('folder' as const) : ('file' as const),
        size: entry.isFolder ? 0 : entry.size,
        sha256: entry.isFolder ? null : entry.sha256,
        contentType: null,
        mtime: entry.modifiedAt.toISOString(),
        author: null,
        trashed: false,
      };
    });
}

interface PlannedRestore {
  nodes: { node: RestoredNode; entry: string }[];
  skipped: { path: string; reason: string }[];
}

/**
 * Parent ids from the paths. Live nodes hang below the live folder of their parent path. In the
 * trash, a line with `trashedAt` is a deleted item (below the live folder it was deleted from,
 * else the trashed folder of that path, else the root) and the lines after it without one are
 * its contents, below the folders of that item.
 */
function plan(lines: readonly FilesLine[], target: RestoreTarget): PlannedRestore {
  const liveFolders = new Map<string, string>();
  const trashedFolders = new Map<string, string>();
  const ids = new Set<string>();
  const result: PlannedRestore = { nodes: [], skipped: [] };
  let item = new Map<string, string>();
  const author = (archived: string | null | undefined): string | null => {
    if (!archived) return null;
    return target.userIdByArchiveUserId.get(archived) ?? target.importedBy;
  };
  for (const line of lines) {
    const id = UUID.test(line.id) && !ids.has(line.id) ? line.id : derivedId(line.entry);
    ids.add(id);
    const parent = parentPath(line.path);
    let parentId: string | null;
    if (!line.trashed) {
      parentId = parent === '' ? null : (liveFolders.get(parent) ?? null);
      if (parent !== '' && parentId === null) {
        result.skipped.push({ path: line.path, reason: 'its folder is not in the archive' });
        continue;
      }
      if (line.type === 'folder') liveFolders.set(line.path, id);
    } else if (line.trashedAt) {
      item = new Map();
      parentId =
        parent === '' ? null : (liveFolders.get(parent) ?? trashedFolders.get(parent) ?? null);
      if (line.type === 'folder') {
        item.set(line.path, id);
        trashedFolders.set(line.path, id);
      }
    } else {
      parentId = item.get(parent) ?? null;
      if (parentId === null) {
        result.skipped.push({
          path: line.path,
          reason: 'its trashed folder is not in the archive',
        });
        continue;
      }
      if (line.type === 'folder') item.set(line.path, id);
    }
    const isFile = line.type === 'file';
    result.nodes.push({
      entry: line.entry,
      node: {
        id,
        parentId,
        name: baseName(line.path),
        kind: line.type,
        createdBy: author(line.author),
        createdAt: new Date(line.createdAt ?? line.mtime),
        modifiedAt: new Date(line.mtime),
        trashedAt: line.trashed && line.trashedAt ? new Date(line.trashedAt) : null,
        trashedBy: line.trashed && line.trashedAt ? author(line.trashedBy) : null,
        size: isFile ? line.size : 0,
        sha256: isFile ? line.sha256 : null,
        contentType: isFile ? line.contentType : null,
        blobId: isFile ? id : null,
      },
    });
  }
  return result;
}
