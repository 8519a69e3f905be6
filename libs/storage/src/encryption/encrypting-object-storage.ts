import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { Readable } from 'node:stream';
import { ByteRange, ObjectInfo, ObjectStorage, StoredObject } from '../object-storage';
import { StorageErrorCode } from '../storage-error-code';
import {
  integrityFailed,
  objectNotFound,
  rangeNotSatisfiable,
  storageUnavailable,
} from '../storage-errors';
import { assertObjectKey, assertRange } from '../storage-names';
import {
  chunkCount,
  chunkSpan,
  decodeHeader,
  DEFAULT_CHUNK_SIZE,
  encodeHeader,
  EnvelopeError,
  EnvelopeHeader,
  hasMagic,
  HEADER_BYTES,
  plaintextSize,
  SALT_BYTES,
} from './envelope';
import { openChunks, PlaintextTally, sealChunks, splitHead } from './envelope-streams';
import { newSalt, ObjectCipher } from './object-cipher';
import { BucketKey, ObjectKeyring } from './object-keyring';
import { ObjectEncryption, ObjectForm } from './object-encryption';

/** Envelopes (header and stored size) remembered for range reads, per process. */
const REMEMBERED_ENVELOPES = 1000;

/** Where `encryptExisting` writes the new object before switching; hidden from listings. */
const STAGING_PREFIX = 'storage-encryption-staging/';

function stagingKey(key: string): string {
  return `${STAGING_PREFIX}${createHash('sha256').update(key).digest('hex')}`;
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

/**
 * The storage port as every service sees it: the chosen driver, with every object of a household
 * sealed in its envelope (decision 0016) under that household's data key. Buckets that are no
 * household's (the upload area of imports) pass through as they are.
 *
 * Reads tell the two forms apart by the envelope's magic; an object without it is served only
 * while the household still has objects from before encryption (`acceptsPlaintext`).
 */
export class EncryptingObjectStorage extends ObjectStorage implements ObjectEncryption {
  private readonly logger = new Logger('ObjectEncryption');
  private readonly envelopes = new Map<string, { head: Buffer; storedSize: number }>();

  constructor(
    private readonly inner: ObjectStorage,
    private readonly keyring: ObjectKeyring,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {
    super();
    encodeHeader(1, chunkSize, Buffer.alloc(SALT_BYTES)); // refuses a chunk size out of bounds
  }

  ensureBucket(bucket: string): Promise<void> {
    return this.inner.ensureBucket(bucket);
  }

  removeBucket(bucket: string): Promise<void> {
    return this.inner.removeBucket(bucket);
  }

  bucketExists(bucket: string): Promise<boolean> {
    return this.inner.bucketExists(bucket);
  }

  removeObject(bucket: string, key: string): Promise<void> {
    this.envelopes.delete(`${bucket}/${key}`);
    return this.inner.removeObject(bucket, key);
  }

  async *listKeys(bucket: string, prefix = ''): AsyncIterable<string> {
    for await (const key of this.inner.listKeys(bucket, prefix)) {
      if (!key.startsWith(STAGING_PREFIX)) yield key;
    }
  }

  removeAbandonedUploads(bucket: string, startedBefore: Date): Promise<number> {
    return this.inner.removeAbandonedUploads(bucket, startedBefore);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async putObject(bucket: string, key: string, body: Readable): Promise<StoredObject> {
    let bucketKey: BucketKey | undefined;
    try {
      assertObjectKey(key);
      bucketKey = await this.keyring.keyFor(bucket);
    } catch (error) {
      body.destroy();
      throw error;
    }
    if (!bucketKey) return this.inner.putObject(bucket, key, body);
    this.envelopes.delete(`${bucket}/${key}`);
    const tally = new PlaintextTally();
    try {
      await this.inner.putObject(bucket, key, this.seal(bucketKey, key, tally.count(body)));
    } catch (error) {
      // The driver may refuse before it reads a byte, which never reaches the body.
      body.destroy();
      throw error;
    }
    return tally.result();
  }

  async getObject(bucket: string, key: string, range?: ByteRange): Promise<Readable> {
    assertObjectKey(key);
    if (range) assertRange(range);
    const bucketKey = await this.keyring.keyFor(bucket);
    if (!bucketKey) return this.inner.getObject(bucket, key, range);
    if (range) return this.getRange(bucket, key, range, bucketKey);
    const { head, rest, discard } = await splitHead(
      await this.inner.getObject(bucket, key),
      HEADER_BYTES,
    );
    if (!hasMagic(head)) {
      await discard();
      if (!bucketKey.acceptsPlaintext) throw await this.tampered(bucket, key, 'no envelope');
      // Read again rather than glue the head back on: one plain driver stream, as before.
      return this.inner.getObject(bucket, key);
    }
    const cipher = await this.cipherFor(bucket, key, head, bucketKey, discard);
    return this.verified(bucket, key, openChunks(rest, cipher.cipher, cipher.header.chunkSize));
  }

  async statObject(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const info = await this.inner.statObject(bucket, key);
    if (!info) return undefined;
    const bucketKey = await this.keyring.keyFor(bucket);
    if (!bucketKey) return info;
    const head = await this.readHead(bucket, key);
    if (head === undefined) return undefined;
    if (!hasMagic(head)) {
      if (!bucketKey.acceptsPlaintext) throw await this.tampered(bucket, key, 'no envelope');
      return info;
    }
    const { header } = await this.cipherFor(bucket, key, head, bucketKey);
    const size = plaintextSize(info.size, header.chunkSize);
    if (size === undefined) throw await this.tampered(bucket, key, 'impossible stored size');
    return { size, lastModified: info.lastModified };
  }

  async describe(bucket: string, key: string): Promise<ObjectForm> {
    const head = await this.readHead(bucket, key);
    if (head === undefined) return 'missing';
    return hasMagic(head) ? 'encrypted' : 'plaintext';
  }

  async encryptExisting(bucket: string, key: string): Promise<ObjectForm> {
    assertObjectKey(key);
    const bucketKey = await this.keyring.keyFor(bucket);
    if (!bucketKey)
      throw new Error(`Bucket "${bucket}" belongs to no household: nothing to encrypt`);
    const form = await this.describe(bucket, key);
    if (form !== 'plaintext') return form;
    const staging = stagingKey(key);
    try {
      // New object: sealed for its final key, written beside it.
      const tally = new PlaintextTally();
      const source = await this.inner.getObject(bucket, key);
      const staged = await this.inner.putObject(
        bucket,
        staging,
        this.seal(bucketKey, key, tally.count(source)),
      );
      // Verify: it opens, and to the very bytes that were read.
      const reread = new PlaintextTally();
      const { head, rest, discard } = await splitHead(
        await this.inner.getObject(bucket, staging),
        HEADER_BYTES,
      );
      const { cipher, header } = await this.cipherFor(bucket, key, head, bucketKey, discard);
      for await (const piece of reread.count(openChunks(rest, cipher, header.chunkSize))) {
        void piece;
      }
      if (reread.result().sha256 !== tally.result().sha256) {
        throw new Error(`The encrypted copy of "${key}" does not read back to its plaintext`);
      }
      // Switch: the driver replaces the object atomically; the copy must be the staged bytes.
      const switched = await this.inner.putObject(
        bucket,
        key,
        await this.inner.getObject(bucket, staging),
      );
      if (switched.sha256 !== staged.sha256) {
        throw new Error(`"${key}" changed while it was switched to its encrypted copy`);
      }
    } finally {
      await this.inner.removeObject(bucket, staging);
    }
    return 'plaintext';
  }

  private seal(bucketKey: BucketKey, key: string, plaintext: AsyncIterable<Buffer>): Readable {
    const header = encodeHeader(bucketKey.version, this.chunkSize, newSalt(SALT_BYTES));
    const cipher = new ObjectCipher(bucketKey.key, header, key);
    return Readable.from(sealChunks(plaintext, cipher, header), { objectMode: false });
  }

  /**
   * A range of an encrypted object: its header and stored size first (both small requests, at
   * once), then only the chunks the range touches. The header and size are remembered, so the
   * next ranges of the same object (a video being played, a resumed download) take one request.
   * A remembered pair can only be wrong if another process replaced the object under the same
   * key; then the first chunk does not open, and the range is read again from scratch, which
   * alone may report tampering.
   */
  private async getRange(
    bucket: string,
    key: string,
    range: ByteRange,
    bucketKey: BucketKey,
  ): Promise<Readable> {
    const id = `${bucket}/${key}`;
    const remembered = this.envelopes.get(id);
    if (remembered) {
      try {
        return await this.openRange(bucket, key, range, bucketKey, remembered, false);
      } catch {
        this.envelopes.delete(id);
      }
    }
    const [info, head] = await Promise.all([
      this.inner.statObject(bucket, key),
      this.readHead(bucket, key),
    ]);
    if (!info || head === undefined) throw objectNotFound(bucket, key);
    if (!hasMagic(head)) {
      if (!bucketKey.acceptsPlaintext) throw await this.tampered(bucket, key, 'no envelope');
      return this.inner.getObject(bucket, key, range);
    }
    const envelope = { head, storedSize: info.size };
    const stream = await this.openRange(bucket, key, range, bucketKey, envelope, true);
    if (this.envelopes.size >= REMEMBERED_ENVELOPES) this.envelopes.clear();
    this.envelopes.set(id, envelope);
    return stream;
  }

  private async openRange(
    bucket: string,
    key: string,
    range: ByteRange,
    bucketKey: BucketKey,
    envelope: { head: Buffer; storedSize: number },
    report: boolean,
  ): Promise<Readable> {
    const { cipher, header } = await this.cipherFor(bucket, key, envelope.head, bucketKey);
    const size = plaintextSize(envelope.storedSize, header.chunkSize);
    if (size === undefined) throw await this.tampered(bucket, key, 'impossible stored size');
    if (range.start >= size) throw rangeNotSatisfiable(bucket, key, range.start, size);
    const span = chunkSpan(range, size, header.chunkSize);
    const stored = await this.inner.getObject(bucket, key, span.stored);
    const chunks = openChunks(stored, cipher, header.chunkSize, {
      ...span,
      totalChunks: chunkCount(size, header.chunkSize),
    });
    return this.verified(bucket, key, chunks, report);
  }

  /** The first bytes of an object (fewer when it is shorter), or undefined when there is none. */
  private async readHead(bucket: string, key: string): Promise<Buffer | undefined> {
    try {
      return await collect(
        await this.inner.getObject(bucket, key, { start: 0, end: HEADER_BYTES - 1 }),
      );
    } catch (error) {
      const code = (error as FoyerError).code;
      if (code === StorageErrorCode.ObjectNotFound) return undefined;
      // An empty object: no envelope, so a plaintext one.
      if (code === StorageErrorCode.RangeNotSatisfiable) return Buffer.alloc(0);
      throw error;
    }
  }

  private async cipherFor(
    bucket: string,
    key: string,
    head: Buffer,
    bucketKey: BucketKey,
    discard?: () => Promise<void>,
  ): Promise<{ cipher: ObjectCipher; header: EnvelopeHeader }> {
    try {
      const header = decodeHeader(head);
      if (header.keyVersion !== bucketKey.version) {
        throw new EnvelopeError(
          `written under key version ${header.keyVersion}, which is not this household's`,
        );
      }
      return { header, cipher: new ObjectCipher(bucketKey.key, header, key) };
    } catch (error) {
      await discard?.();
      if (error instanceof EnvelopeError) throw await this.tampered(bucket, key, error.message);
      throw error;
    }
  }

  /**
   * Opens the first chunk before answering, so that a damaged small object (or the first chunk
   * of any) fails as an error the caller can report, not as a cut stream; a later chunk that
   * fails ends the stream with the same error, after only authenticated bytes. With `report`
   * false, a first chunk that does not open is thrown as it is, for the caller to retry.
   */
  private async verified(
    bucket: string,
    key: string,
    plaintext: AsyncGenerator<Buffer>,
    report = true,
  ): Promise<Readable> {
    const fail = async (error: unknown, reportIt = true): Promise<never> => {
      if (error instanceof EnvelopeError && reportIt)
        throw await this.tampered(bucket, key, error.message);
      if (error instanceof EnvelopeError) throw error;
      if (error instanceof FoyerError) throw error;
      throw storageUnavailable(`read "${key}" in bucket "${bucket}"`, error);
    };
    // Only the first chunk may fail quietly (a remembered envelope gone stale fails there).
    const first = await plaintext.next().catch((error: unknown) => fail(error, report));
    async function* all(): AsyncGenerator<Buffer> {
      if (first.done) return;
      yield first.value;
      try {
        yield* plaintext;
      } catch (error) {
        await fail(error);
      }
    }
    const stream = Readable.from(all(), { objectMode: false });
    // Destroyed before its first read, the stream never starts `all`, which would leave the
    // driver's stream open: end the started chain here instead.
    stream.once('close', () => void plaintext.return(undefined).catch(() => undefined));
    return stream;
  }

  private async tampered(bucket: string, key: string, reason: string): Promise<FoyerError> {
    this.logger.error({ bucket, key, reason }, 'Stored object failed its integrity check');
    await this.keyring.reportIntegrityFailure(bucket, key, reason).catch((error: unknown) => {
      this.logger.warn(`Could not audit the integrity failure of "${key}": ${String(error)}`);
    });
    return integrityFailed();
  }
}
