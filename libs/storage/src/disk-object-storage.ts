import { randomUUID } from 'node:crypto';
import { constants, createWriteStream, Dirent, WriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteRange, ObjectInfo, ObjectStorage, StoredObject } from './object-storage';
import { Sha256PassThrough } from './sha256-pass-through';
import {
  bucketNotFound,
  keyConflict,
  objectNotFound,
  rangeNotSatisfiable,
  storageUnavailable,
} from './storage-errors';
import { assertBucketName, assertKeyPrefix, assertObjectKey, assertRange } from './storage-names';

/** Temporary files start with a dot, which no key segment may, so they never show as objects. */
const TEMPORARY_PREFIX = '.upload-';
/** Attempts to move a finished upload into place while a concurrent removal prunes its folders. */
const MOVE_ATTEMPTS = 3;

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Sorts entries so that a depth-first walk yields keys in the byte order S3 lists them in. */
function listingOrder(entry: Dirent): string {
  return entry.isDirectory() ? `${entry.name}/` : entry.name;
}

/**
 * The embedded default: one folder per bucket under the storage directory, one file per object at
 * the key's path (so `data/objects/<bucket>/<key>` can be inspected and backed up with plain tools).
 *
 * An upload is written to a temporary file at the root of its bucket folder, flushed to disk, and
 * renamed into place, so readers only ever see complete objects and an overwrite is atomic.
 */
export class DiskObjectStorage extends ObjectStorage {
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = path.resolve(directory);
  }

  async ensureBucket(bucket: string): Promise<void> {
    assertBucketName(bucket);
    await mkdir(this.bucketPath(bucket), { recursive: true });
  }

  async removeBucket(bucket: string): Promise<void> {
    assertBucketName(bucket);
    await rm(this.bucketPath(bucket), { recursive: true, force: true });
  }

  async bucketExists(bucket: string): Promise<boolean> {
    assertBucketName(bucket);
    const stats = await stat(this.bucketPath(bucket)).catch(() => undefined);
    return stats?.isDirectory() ?? false;
  }

  async putObject(bucket: string, key: string, body: Readable): Promise<StoredObject> {
    try {
      assertBucketName(bucket);
      assertObjectKey(key);
      // Checked first so that a missing bucket is reported as such, not as a failed write.
      if (!(await this.bucketExists(bucket))) throw bucketNotFound(bucket);
    } catch (error) {
      body.destroy();
      throw error;
    }
    const bucketPath = this.bucketPath(bucket);
    const temporary = path.join(bucketPath, `${TEMPORARY_PREFIX}${randomUUID()}`);
    const hashing = new Sha256PassThrough();
    // `flush` syncs the data before the rename, so a crash cannot leave a complete-looking object
    // with missing bytes behind it.
    const file = createWriteStream(temporary, { flags: 'wx', flush: true });
    // pipeline() hands every stream the first error, so remember which side failed first.
    let failedFirst: 'input' | 'disk' | undefined;
    body.once('error', () => (failedFirst ??= 'input'));
    file.once('error', () => (failedFirst ??= 'disk'));
    try {
      await pipeline(body, hashing, file);
    } catch (error) {
      // pipeline() rejects as soon as one side fails, while the file may still be opening: an
      // rm before it is closed could run before the file exists and leave it behind.
      await closed(file);
      await rm(temporary, { force: true }).catch(() => undefined);
      // The input's own failure (a client that went away) is the caller's to see as it is.
      if (failedFirst !== 'disk') throw error;
      throw storageUnavailable(`store "${key}" in bucket "${bucket}"`, error);
    }
    try {
      await this.moveIntoPlace(temporary, bucket, key);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    return hashing.result();
  }

  async getObject(bucket: string, key: string, range?: ByteRange): Promise<Readable> {
    assertBucketName(bucket);
    assertObjectKey(key);
    if (range) assertRange(range);
    const handle = await open(this.objectPath(bucket, key), 'r').catch(async (error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? ''))
        throw await this.notFound(bucket, key);
      throw storageUnavailable(`read "${key}" in bucket "${bucket}"`, error);
    });
    // Stat and read through the same descriptor: a concurrent overwrite renames a new file in,
    // and this read keeps seeing one consistent version.
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw objectNotFound(bucket, key);
      if (!range) return handle.createReadStream();
      if (range.start >= stats.size)
        throw rangeNotSatisfiable(bucket, key, range.start, stats.size);
      // Like S3, a range that runs past the end is cut at the end.
      return handle.createReadStream({
        start: range.start,
        end: Math.min(range.end, stats.size - 1),
      });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async statObject(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    assertBucketName(bucket);
    assertObjectKey(key);
    const stats = await stat(this.objectPath(bucket, key)).catch((error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? '')) return undefined;
      throw storageUnavailable(`read "${key}" in bucket "${bucket}"`, error);
    });
    return stats?.isFile() ? { size: stats.size, lastModified: stats.mtime } : undefined;
  }

  async removeObject(bucket: string, key: string): Promise<void> {
    assertBucketName(bucket);
    assertObjectKey(key);
    try {
      await unlink(this.objectPath(bucket, key));
    } catch (error) {
      // Removing what is not there succeeds, as on S3 (EISDIR: "a" when only "a/b" exists).
      if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes(codeOf(error) ?? '')) return;
      throw storageUnavailable(`remove "${key}" in bucket "${bucket}"`, error);
    }
    await this.pruneEmptyFolders(bucket, key);
  }

  async *listKeys(bucket: string, prefix = ''): AsyncIterable<string> {
    assertBucketName(bucket);
    assertKeyPrefix(prefix);
    if (!(await this.bucketExists(bucket))) throw bucketNotFound(bucket);
    // Only the folder the prefix points into needs walking.
    yield* this.walk(this.bucketPath(bucket), prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix);
  }

  async removeAbandonedUploads(bucket: string, startedBefore: Date): Promise<number> {
    assertBucketName(bucket);
    const entries = await readdir(this.bucketPath(bucket), { withFileTypes: true }).catch(
      (error: unknown) => {
        if (codeOf(error) === 'ENOENT') throw bucketNotFound(bucket);
        throw storageUnavailable(`list bucket "${bucket}"`, error);
      },
    );
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.startsWith(TEMPORARY_PREFIX)) continue;
      const temporary = path.join(this.bucketPath(bucket), entry.name);
      // A live upload keeps writing, so its modification time stays recent.
      const stats = await stat(temporary).catch(() => undefined);
      if (!stats || stats.mtime >= startedBefore) continue;
      await rm(temporary, { force: true });
      removed++;
    }
    return removed;
  }

  async ping(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw storageUnavailable(`use the folder ${this.root}`, error);
    }
  }

  private bucketPath(bucket: string): string {
    return path.join(this.root, bucket);
  }

  private objectPath(bucket: string, key: string): string {
    return path.join(this.root, bucket, ...key.split('/'));
  }

  private async notFound(bucket: string, key: string) {
    return (await this.bucketExists(bucket)) ? objectNotFound(bucket, key) : bucketNotFound(bucket);
  }

  private async moveIntoPlace(temporary: string, bucket: string, key: string): Promise<void> {
    const target = this.objectPath(bucket, key);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.makeParentFolders(bucket, key);
        await rename(temporary, target);
        return;
      } catch (error) {
        const code = codeOf(error);
        // A removal in the same folder may prune it between our mkdir and our rename.
        if (code === 'ENOENT' && attempt < MOVE_ATTEMPTS) continue;
        if (code === 'ENOENT' && !(await this.bucketExists(bucket))) throw bucketNotFound(bucket);
        if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'ENOTEMPTY')
          throw keyConflict(bucket, key);
        throw storageUnavailable(`store "${key}" in bucket "${bucket}"`, error);
      }
    }
  }

  /**
   * Creates the key's folders one level at a time below the bucket folder, never the bucket
   * folder itself: a bucket removed while an upload runs must stay removed.
   */
  private async makeParentFolders(bucket: string, key: string): Promise<void> {
    let folder = this.bucketPath(bucket);
    for (const segment of key.split('/').slice(0, -1)) {
      folder = path.join(folder, segment);
      await mkdir(folder).catch((error: unknown) => {
        if (codeOf(error) !== 'EEXIST') throw error;
      });
    }
  }

  /** Removes the folders a removal left empty, so that a later key may reuse their names. */
  private async pruneEmptyFolders(bucket: string, key: string): Promise<void> {
    const segments = key.split('/').slice(0, -1);
    while (segments.length > 0) {
      try {
        await rmdir(path.join(this.bucketPath(bucket), ...segments));
      } catch {
        return; // not empty (or already gone): the folders above are not empty either
      }
      segments.pop();
    }
  }

  private async *walk(bucketPath: string, folder: string, prefix: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(bucketPath, ...folder.split('/').filter(Boolean)), {
        withFileTypes: true,
      });
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? '')) return;
      throw storageUnavailable(`list bucket folder "${folder}"`, error);
    }
    const visible = entries
      .filter((entry) => !entry.name.startsWith('.') && (entry.isFile() || entry.isDirectory()))
      .sort((a, b) => (listingOrder(a) < listingOrder(b) ? -1 : 1));
    for (const entry of visible) {
      const key = `${folder}${entry.name}`;
      if (entry.isDirectory()) {
        if (`${key}/`.startsWith(prefix)) yield* this.walk(bucketPath, `${key}/`, prefix);
      } else if (key.startsWith(prefix)) {
        yield key;
      }
    }
  }
}

/** Resolves once the stream has released its file (at once if it already has). */
function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}
