import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { FoyerError } from '@foyer/core';
import type { StorageSettings } from '@foyer/core';
import { BucketItem, Client } from 'minio';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteRange, ObjectInfo, ObjectStorage, StoredObject } from './object-storage';
import { partsOf } from './parts-of';
import { Sha256PassThrough } from './sha256-pass-through';
import { StorageErrorCode } from './storage-error-code';
import {
  bucketNotFound,
  objectNotFound,
  rangeNotSatisfiable,
  storageUnavailable,
} from './storage-errors';
import { assertBucketName, assertKeyPrefix, assertObjectKey, assertRange } from './storage-names';

export type S3Settings = Extract<StorageSettings, { kind: 's3' }>;

export interface S3ObjectStorageOptions {
  /**
   * Bytes per multipart part (default 16 MiB), which is also about what one upload holds in
   * memory. S3 allows 5 MiB to 5 GiB and 10,000 parts, so 16 MiB parts carry objects up to
   * 156 GiB — more than any one family file — while a 5 GB upload keeps the api well under
   * 200 MB of memory.
   */
  partSize?: number;
}

const MiB = 1024 * 1024;
const DEFAULT_PART_SIZE = 16 * MiB;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PART_SIZE = 5 * 1024 * MiB;
/** S3's limit on the parts of one multipart upload. */
const MAX_PARTS = 10_000;
/** S3 deletes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;
/** Any name will do: a HEAD on it proves the server answers and accepts our credentials. */
const PROBE_BUCKET = 'foyer-readiness-probe';

interface DeleteError {
  Key?: string;
  Code?: string;
  Message?: string;
}
type DeleteFailure = DeleteError & { Error?: DeleteError };

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/**
 * Hosted mode: MinIO (or any S3 API) through the `minio` client, path-style, one bucket per
 * household.
 *
 * Uploads stream through a hashing pass-through and are cut into parts here rather than by the
 * client's `putObject`: with a stream of unknown length that method turns every object into a
 * multipart upload (an empty one fails), and when its input stream fails it never settles and the
 * error goes uncaught (seen with minio 8.0.7). Here a
 * body that fits one part takes one PUT, a larger one is sent part by part (at most one part in
 * memory), and a failed input aborts the multipart upload so nothing becomes visible.
 */
export class S3ObjectStorage extends ObjectStorage implements OnApplicationShutdown {
  // Our own keep-alive agent rather than Node's global one, so shutdown can close its sockets.
  private readonly agent: HttpAgent;

  private readonly logger = new Logger(S3ObjectStorage.name);
  private readonly client: Client;
  private readonly region: string;
  private readonly partSize: number;

  constructor(settings: S3Settings, options: S3ObjectStorageOptions = {}) {
    super();
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    if (
      !Number.isSafeInteger(this.partSize) ||
      this.partSize < MIN_PART_SIZE ||
      this.partSize > MAX_PART_SIZE
    ) {
      throw new RangeError(
        `S3 part size must be between 5 MiB and 5 GiB, got ${this.partSize} bytes`,
      );
    }
    this.region = settings.region;
    this.agent = settings.useSSL
      ? new HttpsAgent({ keepAlive: true })
      : new HttpAgent({ keepAlive: true });
    this.client = new Client({
      transportAgent: this.agent,
      endPoint: settings.endPoint,
      port: settings.port,
      useSSL: settings.useSSL,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      // MinIO behind one host name: buckets in the path, no wildcard DNS needed.
      pathStyle: true,
      partSize: this.partSize,
    });
  }

  onApplicationShutdown(): void {
    this.agent.destroy();
  }

  async ensureBucket(bucket: string): Promise<void> {
    assertBucketName(bucket);
    if (await this.bucketExists(bucket)) return;
    try {
      await this.client.makeBucket(bucket, this.region);
    } catch (error) {
      // Another process provisioning the same household got there first.
      if (codeOf(error) === 'BucketAlreadyOwnedByYou') return;
      throw storageUnavailable(`create bucket "${bucket}"`, error);
    }
  }

  async removeBucket(bucket: string): Promise<void> {
    assertBucketName(bucket);
    if (!(await this.bucketExists(bucket))) return;
    try {
      await this.abortIncompleteUploads(bucket);
      await this.removeAllObjects(bucket);
      await this.client.removeBucket(bucket);
    } catch (error) {
      // Removed meanwhile by someone else: the goal is reached.
      if (codeOf(error) === 'NoSuchBucket' || codeOf(error) === StorageErrorCode.BucketNotFound)
        return;
      throw error instanceof FoyerError
        ? error
        : storageUnavailable(`remove bucket "${bucket}"`, error);
    }
  }

  async bucketExists(bucket: string): Promise<boolean> {
    assertBucketName(bucket);
    try {
      return await this.client.bucketExists(bucket);
    } catch (error) {
      throw storageUnavailable(`check bucket "${bucket}"`, error);
    }
  }

  async putObject(bucket: string, key: string, body: Readable): Promise<StoredObject> {
    try {
      assertBucketName(bucket);
      assertObjectKey(key);
    } catch (error) {
      body.destroy();
      throw error;
    }
    const hashing = new Sha256PassThrough();
    const piped = pipeline(body, hashing);
    // A failing input also fails the iteration below, which is where it is reported.
    piped.catch(() => undefined);
    let uploadId: string | undefined;
    try {
      const etags: { part: number; etag: string }[] = [];
      for await (const part of partsOf(hashing, this.partSize)) {
        if (part.number === 1 && part.last) {
          await this.call(`store "${key}" in bucket "${bucket}"`, bucket, () =>
            this.client.putObject(bucket, key, part.data, part.data.length),
          );
          continue;
        }
        if (part.number > MAX_PARTS) {
          throw new FoyerError(
            413,
            StorageErrorCode.ObjectTooLarge,
            `"${key}" is larger than S3's ${MAX_PARTS} parts of ${this.partSize} bytes`,
          );
        }
        uploadId ??= await this.call(`start uploading "${key}" to bucket "${bucket}"`, bucket, () =>
          this.client.initiateNewMultipartUpload(bucket, key, {}),
        );
        const uploadID = uploadId;
        // uploadPart and abortMultipartUpload put the upload id in the query string as given
        // (completeMultipartUpload escapes it itself), and MinIO's ids may hold "/", "+" or "=".
        const { etag } = await this.call(`upload part ${part.number} of "${key}"`, bucket, () =>
          this.client.uploadPart(
            {
              bucketName: bucket,
              objectName: key,
              uploadID: encodeURIComponent(uploadID),
              partNumber: part.number,
              headers: {},
            },
            part.data,
          ),
        );
        etags.push({ part: part.number, etag });
        if (part.last) {
          await this.call(`complete the upload of "${key}"`, bucket, () =>
            this.client.completeMultipartUpload(bucket, key, uploadID, etags),
          );
        }
      }
      await piped;
      return hashing.result();
    } catch (error) {
      body.destroy();
      if (uploadId) await this.abortUpload(bucket, key, uploadId);
      throw error;
    }
  }

  async getObject(bucket: string, key: string, range?: ByteRange): Promise<Readable> {
    assertBucketName(bucket);
    assertObjectKey(key);
    if (range) assertRange(range);
    try {
      return range
        ? await this.client.getPartialObject(bucket, key, range.start, range.end - range.start + 1)
        : await this.client.getObject(bucket, key);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'NoSuchKey' || code === 'NotFound') throw objectNotFound(bucket, key);
      if (code === 'NoSuchBucket') throw bucketNotFound(bucket);
      if (code === 'InvalidRange' && range) throw rangeNotSatisfiable(bucket, key, range.start);
      throw storageUnavailable(`read "${key}" in bucket "${bucket}"`, error);
    }
  }

  async statObject(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    assertBucketName(bucket);
    assertObjectKey(key);
    try {
      const stat = await this.client.statObject(bucket, key);
      return { size: stat.size, lastModified: stat.lastModified };
    } catch (error) {
      // A HEAD has no body, so a missing bucket and a missing key both come back as NotFound.
      if (['NotFound', 'NoSuchKey', 'NoSuchBucket'].includes(codeOf(error) ?? '')) return undefined;
      throw storageUnavailable(`read "${key}" in bucket "${bucket}"`, error);
    }
  }

  async removeObject(bucket: string, key: string): Promise<void> {
    assertBucketName(bucket);
    assertObjectKey(key);
    try {
      await this.client.removeObject(bucket, key);
    } catch (error) {
      // Removing what is not there succeeds, bucket included, as on the disk driver.
      if (['NoSuchKey', 'NoSuchBucket', 'NotFound'].includes(codeOf(error) ?? '')) return;
      throw storageUnavailable(`remove "${key}" in bucket "${bucket}"`, error);
    }
  }

  async *listKeys(bucket: string, prefix = ''): AsyncIterable<string> {
    assertBucketName(bucket);
    assertKeyPrefix(prefix);
    const items: AsyncIterable<BucketItem> = this.client.listObjectsV2(bucket, prefix, true);
    try {
      for await (const item of items) {
        if (item.name !== undefined) yield item.name;
      }
    } catch (error) {
      if (codeOf(error) === 'NoSuchBucket') throw bucketNotFound(bucket);
      throw storageUnavailable(`list bucket "${bucket}"`, error);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.bucketExists(PROBE_BUCKET);
    } catch (error) {
      throw storageUnavailable('be reached', error);
    }
  }

  /** Runs one S3 request, turning its failure into a storage error that names the operation. */
  private async call<T>(operation: string, bucket: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (codeOf(error) === 'NoSuchBucket') throw bucketNotFound(bucket);
      throw storageUnavailable(operation, error);
    }
  }

  /** Best effort: the upload already failed, and its own error is the one worth reporting. */
  private async abortUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    try {
      await this.client.abortMultipartUpload(bucket, key, encodeURIComponent(uploadId));
    } catch (error) {
      this.logger.warn(
        `Could not abort the failed upload of "${key}" to bucket "${bucket}" (${String(error)}); ` +
          'its parts stay invisible and go when the bucket is removed',
      );
    }
  }

  async removeAbandonedUploads(bucket: string, startedBefore: Date): Promise<number> {
    return this.call(`discard abandoned uploads in bucket "${bucket}"`, bucket, async () => {
      let removed = 0;
      for await (const upload of this.client.listIncompleteUploads(bucket, '', true)) {
        if (upload.initiated >= startedBefore) continue;
        await this.client.abortMultipartUpload(
          bucket,
          upload.key,
          encodeURIComponent(upload.uploadId),
        );
        removed++;
      }
      return removed;
    });
  }

  private async abortIncompleteUploads(bucket: string): Promise<void> {
    for await (const upload of this.client.listIncompleteUploads(bucket, '', true)) {
      await this.client.abortMultipartUpload(
        bucket,
        upload.key,
        encodeURIComponent(upload.uploadId),
      );
    }
  }

  /**
   * Deletes a page of keys at a time, then lists again from the start: no listing runs while its
   * keys are deleted, and a bucket of any size is emptied in constant memory.
   */
  private async removeAllObjects(bucket: string): Promise<void> {
    for (;;) {
      const page = await this.client.listObjectsV2Query(bucket, '', '', '', DELETE_BATCH, '');
      const keys = page.objects.flatMap((item) => (item.name === undefined ? [] : [item.name]));
      if (keys.length === 0) return;
      // The client returns the response's <Error> entries themselves (its type wraps them in
      // `Error`): any entry at all is a key that was not deleted.
      const failures = (await this.client.removeObjects(bucket, keys)).filter(
        Boolean,
      ) as DeleteFailure[];
      if (failures.length > 0) {
        const first = failures[0].Error ?? failures[0];
        throw new Error(
          `${failures.length} objects could not be deleted, "${first.Key}" first: ${first.Message ?? first.Code}`,
        );
      }
      if (!page.isTruncated) return;
    }
  }
}
