import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { FoyerError, HouseholdId, HouseholdScope } from '@foyer/core';
import {
  HouseholdAccess,
  HouseholdAccessService,
  HouseholdPermission,
  householdBucket,
  roleMay,
} from '@foyer/households';
import { ByteRange, ObjectStorage, StorageErrorCode } from '@foyer/storage';
import { FilesErrorCode } from '../files-error-code';
import { formatPath, parsePath, restoredName } from '../names/file-name';
import { Reservation, StorageQuotaService } from '../quota/storage-quota.service';
import { FileNodeRow } from '../repositories/file-node-row';
import { BlobHoldRepository } from '../repositories/blob-hold.repository';
import { FileNodeRepository } from '../repositories/file-node.repository';
import { blobKey } from './blob-key';
import { etagOf, FileItem, FilesActor, TrashItem } from './file-item';
import { UploadMeter } from './upload-meter';

/** Restores try this many `(restored n)` names before giving up. */
const MAX_RESTORE_NAMES = 1000;

export interface UploadOptions {
  /** The declared length, checked against the quota before a byte is read. */
  contentLength?: number;
  contentType?: string;
  /** `If-Match`: the current file's etag (or `*`: a file must exist). */
  ifMatch?: string;
  /** `If-None-Match: *`: only create, never overwrite. */
  ifNoneMatch?: string;
  /** The file's own modification time, kept instead of now (WebDAV clients send it). */
  modifiedAt?: Date;
}

export interface Usage {
  usedBytes: number;
  quotaBytes: number | null;
}

function notFound(path: string): FoyerError {
  return new FoyerError(404, FilesErrorCode.NotFound, `Nothing at ${path}`);
}

function notAFolder(path: string): FoyerError {
  return new FoyerError(409, FilesErrorCode.NotAFolder, `${path} is a file, not a folder`);
}

function nameTaken(path: string): FoyerError {
  return new FoyerError(409, FilesErrorCode.NameTaken, `Something is already at ${path}`);
}

function rootRefused(): FoyerError {
  return new FoyerError(400, FilesErrorCode.InvalidPath, 'The root folder cannot be used here');
}

function preconditionFailed(header: string): FoyerError {
  return new FoyerError(412, FilesErrorCode.PreconditionFailed, `${header} does not hold`);
}

/** Does an If-Match / If-None-Match list name this etag (`*` names any)? Weak tags compare weakly. */
export function etagListMatches(header: string, etag: string | undefined): boolean {
  if (header.trim() === '*') return etag !== undefined;
  if (etag === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .includes(etag);
}

/**
 * The household's files, by path: what the REST controller (and later WebDAV) calls. Reads need
 * membership; changes need `data.write` and a writable household; deleting what others created
 * needs `data.delete-others`. Blobs live under `files/<uuid>` in the household's bucket; a row
 * points at a blob only once the blob is complete, and a replaced or deleted blob is removed
 * after the row change has committed (a failure there leaves an orphan, collected later).
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly access: HouseholdAccessService,
    private readonly scope: HouseholdScope,
    private readonly nodes: FileNodeRepository,
    private readonly storage: ObjectStorage,
    private readonly quota: StorageQuotaService,
    private readonly holds: BlobHoldRepository,
  ) {}

  /** A folder's children (folders first, then by name), one page. */
  async list(
    actor: FilesActor,
    rawPath: unknown,
    limit: number,
    offset: number,
  ): Promise<{ folder: FileItem | null; path: string; items: FileItem[]; total: number }> {
    const { householdId } = await this.forReading(actor);
    const names = parsePath(rawPath);
    const path = formatPath(names);
    return this.scope.run(householdId, async () => {
      const folder = names.length === 0 ? null : await this.resolve(householdId, names);
      if (folder && folder.kind !== 'folder') throw notAFolder(path);
      const page = await this.nodes.listChildren(householdId, folder?.id ?? null, limit, offset);
      const items = page.rows.map((node) => ({
        householdId,
        node,
        path: formatPath([...names, node.name]),
      }));
      return {
        folder: folder ? { householdId, node: folder, path } : null,
        path,
        items,
        total: page.total,
      };
    });
  }

  /** The file or folder at a path (not the root). */
  async stat(actor: FilesActor, rawPath: unknown): Promise<FileItem> {
    const { householdId } = await this.forReading(actor);
    const names = this.nonRoot(rawPath);
    const node = await this.scope.run(householdId, () => this.resolve(householdId, names));
    return { householdId, node, path: formatPath(names) };
  }

  /**
   * Streams a file's bytes (a range of them). A read that loses a race with an overwrite (the
   * old blob removed under it) retries on the new content when it reads the whole file; a
   * ranged read refuses with 412 instead, as its bytes would mix two versions.
   */
  async openContent(
    item: FileItem,
    range?: ByteRange,
  ): Promise<{ node: FileNodeRow; body: Readable }> {
    let node = item.node;
    for (let attempt = 1; ; attempt++) {
      if (node.kind !== 'file' || !node.blobId) {
        throw new FoyerError(409, FilesErrorCode.NotAFile, `${item.path} is a folder, not a file`);
      }
      try {
        const body = await this.storage.getObject(
          householdBucket(item.householdId),
          blobKey(node.blobId),
          range,
        );
        return { node, body };
      } catch (error) {
        if ((error as FoyerError).code !== StorageErrorCode.ObjectNotFound || attempt >= 3)
          throw error;
        const current = await this.nodes.findById(item.householdId, node.id);
        if (!current || current.trashedAt || current.blobId === node.blobId)
          throw notFound(item.path);
        if (range) throw preconditionFailed('The file changed while it was read: the range');
        node = current;
      }
    }
  }

  /**
   * Stores a file from a stream: into a new blob first (hashing and counting against the quota
   * as it goes), then, in one transaction, the row is created or pointed at the new blob; the
   * old blob is removed afterwards. Readers see the old or the new bytes, never a mix; a client
   * that goes away leaves nothing visible and no reservation.
   */
  async upload(
    actor: FilesActor,
    rawPath: unknown,
    body: Readable,
    options: UploadOptions = {},
  ): Promise<{ item: FileItem; created: boolean }> {
    const { access, householdId } = await this.forWriting(actor);
    const names = this.nonRoot(rawPath);
    const path = formatPath(names);
    try {
      await this.scope.run(householdId, async () => {
        const { existing } = await this.uploadTarget(householdId, names);
        this.checkUploadPreconditions(existing, options);
        if (existing) this.assertMayDelete(access, [existing]);
      });
    } catch (error) {
      body.resume();
      throw error;
    }
    let reservation: Reservation | undefined;
    try {
      reservation = await this.quota.reserve(householdId, options.contentLength ?? 0);
    } catch (error) {
      body.resume();
      throw error;
    }
    const blobId = randomUUID();
    const bucket = householdBucket(householdId);
    let stored;
    try {
      stored = await this.storage.putObject(bucket, blobKey(blobId), this.meter(body, reservation));
    } catch (error) {
      await this.quota.release(reservation).catch(() => undefined);
      throw error;
    }
    const replaced: { blobId: string | null } = { blobId: null };
    try {
      const result = await this.scope.run(householdId, async () => {
        await this.nodes.lockHousehold(householdId);
        const { parentId, existing } = await this.uploadTarget(householdId, names);
        this.checkUploadPreconditions(existing, options);
        if (existing) this.assertMayDelete(access, [existing]);
        const content = {
          blobId,
          size: stored.size,
          sha256: stored.sha256,
          contentType: options.contentType ?? null,
          modifiedAt: options.modifiedAt,
        };
        await this.quota.release(reservation);
        if (existing) {
          replaced.blobId = existing.blobId;
          return {
            node: await this.nodes.replaceContent(householdId, existing.id, content),
            created: false,
          };
        }
        const node = await this.nodes.insert(householdId, {
          parentId,
          name: names[names.length - 1],
          kind: 'file',
          createdBy: actor.userId,
          content,
        });
        return { node, created: true };
      });
      if (replaced.blobId) await this.removeBlobs(householdId, [replaced.blobId]);
      return { item: { householdId, node: result.node, path }, created: result.created };
    } catch (error) {
      await this.quota.release(reservation).catch(() => undefined);
      await this.removeBlobs(householdId, [blobId]);
      throw error;
    }
  }

  /** Creates a folder, and the folders above it that are missing. */
  async createFolder(actor: FilesActor, rawPath: unknown): Promise<FileItem> {
    const { householdId } = await this.forWriting(actor);
    const names = this.nonRoot(rawPath);
    const node = await this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      let parentId: string | null = null;
      for (let index = 0; index < names.length; index++) {
        const child = await this.nodes.findChild(householdId, parentId, names[index]);
        const here = formatPath(names.slice(0, index + 1));
        if (index === names.length - 1) {
          if (child) throw nameTaken(here);
          return this.nodes.insert(householdId, {
            parentId,
            name: names[index],
            kind: 'folder',
            createdBy: actor.userId,
          });
        }
        if (child && child.kind !== 'folder') throw notAFolder(here);
        parentId = (
          child ??
          (await this.nodes.insert(householdId, {
            parentId,
            name: names[index],
            kind: 'folder',
            createdBy: actor.userId,
          }))
        ).id;
      }
      throw rootRefused();
    });
    return { householdId, node, path: formatPath(names) };
  }

  /**
   * Moves and/or renames. The target must be free; a folder cannot go into itself. Taking
   * something away from where others find it is a removal from their point of view, so a child
   * moves only what they created, as they delete only that.
   */
  async move(actor: FilesActor, rawFrom: unknown, rawTo: unknown): Promise<FileItem> {
    const { access, householdId } = await this.forWriting(actor);
    const from = this.nonRoot(rawFrom);
    const to = this.nonRoot(rawTo);
    const node = await this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      const source = await this.resolve(householdId, from);
      this.assertMayDelete(
        access,
        source.kind === 'folder' ? await this.nodes.subtree(householdId, source.id) : [source],
      );
      const parentId = await this.resolveFolderId(householdId, to.slice(0, -1));
      const name = to[to.length - 1];
      const occupant = await this.nodes.findChild(householdId, parentId, name);
      if (occupant && occupant.id !== source.id) throw nameTaken(formatPath(to));
      if (occupant?.id === source.id) return source;
      await this.assertNotInto(householdId, source, parentId);
      return this.nodes.move(householdId, source.id, parentId, name);
    });
    return { householdId, node, path: formatPath(to) };
  }

  /**
   * Copies a file or a folder (with everything live in it) on the server, modification times
   * included (a copy holds the same content as of the same date): each blob is streamed
   * from storage into a new blob, without the client sending anything again. The rows appear
   * together, once every blob is stored; the quota is reserved for the whole copy first.
   */
  async copy(actor: FilesActor, rawFrom: unknown, rawTo: unknown): Promise<FileItem> {
    const { householdId } = await this.forWriting(actor);
    const from = this.nonRoot(rawFrom);
    const to = this.nonRoot(rawTo);
    const plan = await this.scope.run(householdId, async () => {
      const source = await this.resolve(householdId, from);
      const parentId = await this.resolveFolderId(householdId, to.slice(0, -1));
      if (await this.nodes.findChild(householdId, parentId, to[to.length - 1])) {
        throw nameTaken(formatPath(to));
      }
      await this.assertNotInto(householdId, source, parentId);
      return this.liveSubtree(await this.nodes.subtree(householdId, source.id));
    });
    const total = plan.reduce((sum, node) => sum + node.size, 0);
    const reservation = await this.quota.reserve(householdId, total);
    const bucket = householdBucket(householdId);
    const newBlobs = new Map<string, string>();
    try {
      for (const node of plan) {
        if (!node.blobId) continue;
        const blobId = randomUUID();
        newBlobs.set(node.id, blobId);
        await this.storage.putObject(
          bucket,
          blobKey(blobId),
          await this.storage.getObject(bucket, blobKey(node.blobId)),
        );
      }
      const top = await this.scope.run(householdId, async () => {
        await this.nodes.lockHousehold(householdId);
        const parentId = await this.resolveFolderId(householdId, to.slice(0, -1));
        if (await this.nodes.findChild(householdId, parentId, to[to.length - 1])) {
          throw nameTaken(formatPath(to));
        }
        await this.quota.release(reservation);
        const newIds = new Map<string, string>();
        let first: FileNodeRow | undefined;
        for (const node of plan) {
          const isTop = first === undefined;
          const blobId = newBlobs.get(node.id);
          const created = await this.nodes.insert(householdId, {
            parentId: isTop ? parentId : (newIds.get(node.parentId ?? '') ?? null),
            name: isTop ? to[to.length - 1] : node.name,
            kind: node.kind,
            createdBy: actor.userId,
            content:
              blobId && node.sha256
                ? {
                    blobId,
                    size: node.size,
                    sha256: node.sha256,
                    contentType: node.contentType,
                    modifiedAt: node.modifiedAt,
                  }
                : undefined,
          });
          newIds.set(node.id, created.id);
          first ??= created;
        }
        return first as FileNodeRow;
      });
      return { householdId, node: top, path: formatPath(to) };
    } catch (error) {
      await this.quota.release(reservation).catch(() => undefined);
      await this.removeBlobs(householdId, [...newBlobs.values()]);
      throw error;
    }
  }

  /**
   * Sets the modification time of a file or folder (what a sync client keeps from the original);
   * it changes the item as a write does, so a child may set it only on what they created.
   */
  async setModifiedAt(actor: FilesActor, rawPath: unknown, at: Date): Promise<FileItem> {
    const { access, householdId } = await this.forWriting(actor);
    const names = this.nonRoot(rawPath);
    const node = await this.scope.run(householdId, async () => {
      const found = await this.resolve(householdId, names);
      this.assertMayDelete(access, [found]);
      return this.nodes.setModifiedAt(householdId, found.id, at);
    });
    return { householdId, node, path: formatPath(names) };
  }

  /**
   * Refuses (403) unless the caller could remove what is at the path: a writable household, and
   * for a child, only what they created (with `withDescendants`, everything live below it too).
   * WebDAV asks this before a LOCK, which keeps others from changing what it covers.
   */
  async assertMayRemove(
    actor: FilesActor,
    rawPath: unknown,
    withDescendants: boolean,
  ): Promise<void> {
    const { access, householdId } = await this.forWriting(actor);
    const names = this.nonRoot(rawPath);
    await this.scope.run(householdId, async () => {
      const node = await this.resolve(householdId, names);
      this.assertMayDelete(
        access,
        withDescendants && node.kind === 'folder'
          ? await this.nodes.subtree(householdId, node.id)
          : [node],
      );
    });
  }

  /** Moves a file or folder to the trash (it keeps counting against the quota). */
  async trash(actor: FilesActor, rawPath: unknown): Promise<void> {
    const { access, householdId } = await this.forWriting(actor);
    const names = this.nonRoot(rawPath);
    await this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      const node = await this.resolve(householdId, names);
      this.assertMayDelete(
        access,
        node.kind === 'folder' ? await this.nodes.subtree(householdId, node.id) : [node],
      );
      await this.nodes.moveToTrash(householdId, node.id, actor.userId);
    });
  }

  async listTrash(actor: FilesActor): Promise<TrashItem[]> {
    const { householdId } = await this.forReading(actor);
    const trashed = await this.nodes.listTrash(householdId);
    return trashed.map((entry) => ({
      node: entry.node,
      totalSize: entry.totalSize,
      originalPath: formatPath([...entry.originalParentNames, entry.node.name]),
    }));
  }

  /**
   * Takes an item out of the trash: back into its folder when that folder is still there (and
   * not in the trash itself), else to the root; under its name, or `name (restored).ext` (then
   * `(restored 2)`, ...) when that name is taken now.
   */
  async restore(actor: FilesActor, trashId: string): Promise<FileItem> {
    const { householdId } = await this.forWriting(actor);
    return this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      const node = await this.nodes.findById(householdId, trashId);
      if (!node?.trashedAt) {
        throw new FoyerError(404, FilesErrorCode.NotFound, 'No such item in the trash');
      }
      let parentId: string | null = null;
      let parentNames: string[] = [];
      if (node.parentId) {
        const chain = await this.nodes.ancestry(householdId, node.parentId);
        if (chain.every((ancestor) => !ancestor.trashedAt)) {
          parentId = node.parentId;
          parentNames = chain.map((ancestor) => ancestor.name).reverse();
        }
      }
      let name = node.name;
      for (let attempt = 1; await this.nodes.findChild(householdId, parentId, name); attempt++) {
        if (attempt > MAX_RESTORE_NAMES) throw nameTaken(formatPath([...parentNames, node.name]));
        name = restoredName(node.name, attempt);
      }
      const restored = await this.nodes.restore(householdId, node.id, parentId, name);
      return { householdId, node: restored, path: formatPath([...parentNames, name]) };
    });
  }

  /** Deletes everything in the trash for good, blobs included. */
  async emptyTrash(actor: FilesActor): Promise<void> {
    const { access, householdId } = await this.forWriting(actor);
    const blobs = await this.scope.run(householdId, async () => {
      await this.nodes.lockHousehold(householdId);
      if (!roleMay(access.role, HouseholdPermission.DeleteOthersData)) {
        const others = await this.nodes.trashWithOthersData(householdId, actor.userId);
        if (others.length > 0) this.access.assertMay(access, HouseholdPermission.DeleteOthersData);
      }
      return this.nodes.deleteTrash(householdId);
    });
    await this.removeBlobs(householdId, blobs);
  }

  async usage(actor: FilesActor): Promise<Usage> {
    const { householdId } = await this.forReading(actor);
    return {
      usedBytes: await this.quota.usedBytes(householdId),
      quotaBytes: await this.quota.quotaBytes(householdId),
    };
  }

  private async forReading(
    actor: FilesActor,
  ): Promise<{ access: HouseholdAccess; householdId: HouseholdId }> {
    const access = await this.access.require(actor.userId, actor.hid, HouseholdPermission.View);
    return { access, householdId: this.access.householdId(access) };
  }

  private async forWriting(
    actor: FilesActor,
  ): Promise<{ access: HouseholdAccess; householdId: HouseholdId }> {
    const access = await this.access.require(
      actor.userId,
      actor.hid,
      HouseholdPermission.WriteData,
    );
    this.access.assertWritable(access);
    return { access, householdId: this.access.householdId(access) };
  }

  private nonRoot(rawPath: unknown): string[] {
    const names = parsePath(rawPath);
    if (names.length === 0) throw rootRefused();
    return names;
  }

  /** Walks the live tree from the root. */
  private async resolve(householdId: HouseholdId, names: readonly string[]): Promise<FileNodeRow> {
    let node: FileNodeRow | undefined;
    for (let index = 0; index < names.length; index++) {
      if (node && node.kind !== 'folder') throw notAFolder(formatPath(names.slice(0, index)));
      node = await this.nodes.findChild(householdId, node?.id ?? null, names[index]);
      if (!node) throw notFound(formatPath(names.slice(0, index + 1)));
    }
    if (!node) throw rootRefused();
    return node;
  }

  /** The id of the folder at `names` (null: the root). */
  private async resolveFolderId(
    householdId: HouseholdId,
    names: readonly string[],
  ): Promise<string | null> {
    if (names.length === 0) return null;
    const folder = await this.resolve(householdId, names);
    if (folder.kind !== 'folder') throw notAFolder(formatPath(names));
    return folder.id;
  }

  private async uploadTarget(
    householdId: HouseholdId,
    names: readonly string[],
  ): Promise<{ parentId: string | null; existing: FileNodeRow | undefined }> {
    const parentId = await this.resolveFolderId(householdId, names.slice(0, -1));
    const existing = await this.nodes.findChild(householdId, parentId, names[names.length - 1]);
    if (existing && existing.kind === 'folder') {
      throw new FoyerError(409, FilesErrorCode.NotAFile, `${formatPath(names)} is a folder`);
    }
    return { parentId, existing };
  }

  private checkUploadPreconditions(
    existing: FileNodeRow | undefined,
    options: UploadOptions,
  ): void {
    const etag = existing ? etagOf(existing) : undefined;
    if (options.ifMatch !== undefined && !etagListMatches(options.ifMatch, etag)) {
      throw preconditionFailed('If-Match');
    }
    if (options.ifNoneMatch !== undefined && etagListMatches(options.ifNoneMatch, etag)) {
      throw preconditionFailed('If-None-Match');
    }
  }

  /** A child (no `data.delete-others`) may only remove or replace what they created. */
  private assertMayDelete(access: HouseholdAccess, nodes: readonly FileNodeRow[]): void {
    if (roleMay(access.role, HouseholdPermission.DeleteOthersData)) return;
    const live = this.liveSubtree(nodes);
    if (live.some((node) => node.createdBy !== access.userId)) {
      this.access.assertMay(access, HouseholdPermission.DeleteOthersData);
    }
  }

  /** Refuses moving or copying a folder into itself or below itself. */
  private async assertNotInto(
    householdId: HouseholdId,
    source: FileNodeRow,
    parentId: string | null,
  ): Promise<void> {
    if (source.kind !== 'folder' || parentId === null) return;
    const chain = await this.nodes.ancestry(householdId, parentId);
    if (chain.some((ancestor) => ancestor.id === source.id)) {
      throw new FoyerError(
        400,
        FilesErrorCode.InvalidMove,
        'A folder cannot be moved or copied into itself',
      );
    }
  }

  /** A subtree (parents first) without what is in the trash below its top. */
  private liveSubtree(rows: readonly FileNodeRow[]): FileNodeRow[] {
    const kept = new Set<string>();
    const live: FileNodeRow[] = [];
    rows.forEach((node, index) => {
      const isTop = index === 0;
      if (!isTop && (node.trashedAt || !kept.has(node.parentId ?? ''))) return;
      kept.add(node.id);
      live.push(node);
    });
    return live;
  }

  /** Counts the body against the quota; a client that goes away fails the stream. */
  private meter(body: Readable, reservation: Reservation | undefined): UploadMeter {
    const meter = new UploadMeter(this.quota, reservation);
    const incomplete = (): void => {
      if (!meter.writableEnded) {
        meter.destroy(
          new FoyerError(
            400,
            FilesErrorCode.UploadIncomplete,
            'The upload ended before its body was complete',
          ),
        );
      }
    };
    body.once('aborted', incomplete);
    body.once('error', incomplete);
    body.once('close', () => {
      if ((body as { complete?: boolean }).complete === false) incomplete();
    });
    meter.once('error', () => {
      body.unpipe(meter);
      body.resume();
    });
    body.pipe(meter);
    return meter;
  }

  /**
   * Best effort: a blob left behind is an orphan, and the collector removes it later. While an
   * export holds the household's blobs (its snapshot may name these), they are all left to the
   * collector, which waits for the hold to end. The row change committed before this check, so a
   * snapshot taken after it sees the new rows, and one taken before it holds the blobs.
   */
  private async removeBlobs(householdId: HouseholdId, blobIds: readonly string[]): Promise<void> {
    if (blobIds.length === 0) return;
    const held = await this.holds.isHeld(householdId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'Could not check for blob holds; keeping the blobs');
      return true;
    });
    if (held) return;
    const bucket = householdBucket(householdId);
    for (const blobId of blobIds) {
      await this.storage.removeObject(bucket, blobKey(blobId)).catch((error: unknown) => {
        this.logger.warn(
          { err: error, blobId },
          'Could not remove a blob; the orphan collector will',
        );
      });
    }
  }
}
