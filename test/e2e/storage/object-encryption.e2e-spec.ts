import { FoyerConfig, loadConfig } from '@foyer/core';
import { BucketKey, ObjectKeyring, ObjectStorage, StorageErrorCode } from '@foyer/storage';
import fc from 'fast-check';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { DiskObjectStorage } from '../../../libs/storage/src/disk-object-storage';
import { EncryptingObjectStorage } from '../../../libs/storage/src/encryption/encrypting-object-storage';
import {
  CHUNK_OVERHEAD,
  encryptedSize,
  HEADER_BYTES,
  MAGIC,
} from '../../../libs/storage/src/encryption/envelope';
import { S3ObjectStorage, S3Settings } from '../../../libs/storage/src/s3-object-storage';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';

/** Small chunks, so that a few KiB span many of them. */
const CHUNK = 1024;
const STORED_CHUNK = CHUNK + CHUNK_OVERHEAD;

function s3Settings(): S3Settings {
  const config: FoyerConfig = loadConfig({
    S3_ENDPOINT: harness().s3Endpoint,
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
  });
  if (config.storage.kind !== 's3') throw new Error('expected S3 settings');
  return config.storage;
}

/** Households by bucket, as the households library's keyring would answer. */
class TestKeyring extends ObjectKeyring {
  readonly keys = new Map<string, BucketKey>();
  readonly reports: { bucket: string; key: string; reason: string }[] = [];

  async keyFor(bucket: string): Promise<BucketKey | undefined> {
    if (!bucket.startsWith('hh-')) return undefined;
    const key = this.keys.get(bucket);
    if (!key) throw Object.assign(new Error('key gone'), { code: StorageErrorCode.KeyUnavailable });
    return key;
  }

  async reportIntegrityFailure(bucket: string, key: string, reason: string): Promise<void> {
    this.reports.push({ bucket, key, reason });
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function streamOf(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += 700)
    chunks.push(data.subarray(offset, offset + 700));
  return Readable.from(chunks);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const drivers: [string, () => Promise<{ raw: ObjectStorage; dispose(): Promise<void> }>][] = [
  [
    'disk',
    async () => {
      const directory = await mkdtemp(path.join(tmpdir(), 'foyer-encrypted-'));
      return {
        raw: new DiskObjectStorage(directory),
        dispose: () => rm(directory, { recursive: true, force: true }),
      };
    },
  ],
  ['s3', async () => ({ raw: new S3ObjectStorage(s3Settings()), dispose: async () => undefined })],
];

describe.each(drivers)('EncryptingObjectStorage on the %s driver', (_name, createDriver) => {
  let raw: ObjectStorage;
  let dispose: () => Promise<void>;
  let keyring: TestKeyring;
  let storage: EncryptingObjectStorage;
  let bucket: string;
  let otherBucket: string;

  beforeAll(async () => {
    ({ raw, dispose } = await createDriver());
  });
  afterAll(() => dispose());

  beforeEach(async () => {
    keyring = new TestKeyring();
    storage = new EncryptingObjectStorage(raw, keyring, CHUNK);
    bucket = `hh-${randomBytes(6).toString('hex')}`;
    otherBucket = `hh-${randomBytes(6).toString('hex')}`;
    for (const name of [bucket, otherBucket]) {
      keyring.keys.set(name, { version: 1, key: randomBytes(32), acceptsPlaintext: false });
      await raw.ensureBucket(name);
    }
  });

  afterEach(async () => {
    for (const name of [bucket, otherBucket]) {
      for await (const key of raw.listKeys(name)) await raw.removeObject(name, key);
      await raw.removeBucket(name);
    }
  });

  async function rawBytes(name: string, key: string): Promise<Buffer> {
    return readAll(await raw.getObject(name, key));
  }

  /**
   * Writes behind Foyer's back, as an attacker with the store would; reads after it go through a
   * fresh wrapper, as a new process would (a wrapper remembers the envelopes it read ranges of,
   * and a header changed since is then caught by the next whole read, not by a range).
   */
  async function putRaw(name: string, key: string, data: Buffer): Promise<void> {
    await raw.putObject(name, key, Readable.from([data]));
    storage = new EncryptingObjectStorage(raw, keyring, CHUNK);
  }

  /** What a download does: the stream must end with an error, or the open itself fail. */
  async function download(key: string, range?: { start: number; end: number }) {
    return readAll(await storage.getObject(bucket, key, range));
  }

  it('stores ciphertext in its envelope and serves the plaintext, its size and SHA-256', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]) {
      const data = randomBytes(size);
      const key = `blobs/${size}`;
      await expect(storage.putObject(bucket, key, streamOf(data))).resolves.toEqual({
        size,
        sha256: sha256(data),
      });
      const stored = await rawBytes(bucket, key);
      expect(stored.subarray(0, MAGIC.length).equals(MAGIC)).toBe(true);
      expect(stored).toHaveLength(encryptedSize(size, CHUNK));
      if (size >= 16) expect(stored.includes(data.subarray(0, 16))).toBe(false);
      expect((await download(key)).equals(data)).toBe(true);
      expect((await storage.statObject(bucket, key))?.size).toBe(size);
    }
  });

  it('serves any byte range from the chunks it touches, cut at the end like the drivers', async () => {
    const data = randomBytes(5 * CHUNK + 300);
    await storage.putObject(bucket, 'blobs/ranged', streamOf(data));
    await fc.assert(
      fc.asyncProperty(fc.nat(data.length - 1), fc.nat(3 * CHUNK), async (start, extra) => {
        const end = start + extra;
        const got = await download('blobs/ranged', { start, end });
        expect(got.equals(data.subarray(start, end + 1))).toBe(true);
      }),
      { numRuns: 25 },
    );
    await expect(
      download('blobs/ranged', { start: data.length, end: data.length + 5 }),
    ).rejects.toMatchObject({
      code: StorageErrorCode.RangeNotSatisfiable,
    });
  });

  it('remembers an envelope for later ranges, and reads afresh when another process replaced the object', async () => {
    const first = randomBytes(3 * CHUNK);
    await storage.putObject(bucket, 'blobs/replaced', streamOf(first));
    expect(
      (await download('blobs/replaced', { start: 10, end: 20 })).equals(first.subarray(10, 21)),
    ).toBe(true);
    // Another process (its own wrapper, same store and key) writes a new version.
    const second = randomBytes(2 * CHUNK + 9);
    await new EncryptingObjectStorage(raw, keyring, CHUNK).putObject(
      bucket,
      'blobs/replaced',
      streamOf(second),
    );
    const got = await download('blobs/replaced', { start: 10, end: 2 * CHUNK + 8 });
    expect(got.equals(second.subarray(10))).toBe(true);
    expect(keyring.reports).toEqual([]);
  });

  it('passes buckets that are no household’s through as they are', async () => {
    const plain = `t-${randomBytes(6).toString('hex')}`;
    await storage.ensureBucket(plain);
    const data = randomBytes(3000);
    await storage.putObject(plain, 'upload', streamOf(data));
    expect((await rawBytes(plain, 'upload')).equals(data)).toBe(true);
    await storage.removeObject(plain, 'upload');
    await storage.removeBucket(plain);
  });

  describe('tamper evidence', () => {
    const data = randomBytes(4 * CHUNK + 100);

    beforeEach(async () => {
      await storage.putObject(bucket, 'blobs/victim', streamOf(data));
    });

    async function expectIntegrityFailure(read: Promise<Buffer>): Promise<void> {
      await expect(read).rejects.toMatchObject({ code: StorageErrorCode.IntegrityFailed });
      expect(keyring.reports).toEqual([expect.objectContaining({ bucket, key: 'blobs/victim' })]);
      keyring.reports.length = 0;
    }

    it('refuses a flipped byte in a chunk, the header or a tag; other chunks still serve ranges', async () => {
      const stored = await rawBytes(bucket, 'blobs/victim');
      const lastChunk = { start: 4 * CHUNK, end: 4 * CHUNK + 99 };
      const cases = [
        { at: HEADER_BYTES + 20, touched: { start: 0, end: 10 }, untouched: lastChunk },
        {
          at: HEADER_BYTES + 2 * STORED_CHUNK + 5,
          touched: { start: 2 * CHUNK, end: 2 * CHUNK },
          untouched: lastChunk,
        },
        { at: stored.length - 1, touched: lastChunk, untouched: { start: 0, end: 10 } },
        // The key version and the salt: every chunk depends on them.
        { at: 14, touched: lastChunk },
        { at: 25, touched: { start: 0, end: 10 } },
      ];
      for (const { at, touched, untouched } of cases) {
        const copy = Buffer.from(stored);
        copy[at] ^= 0x01;
        await putRaw(bucket, 'blobs/victim', copy);
        await expectIntegrityFailure(download('blobs/victim'));
        await expectIntegrityFailure(download('blobs/victim', touched));
        if (untouched) {
          const got = await download('blobs/victim', untouched);
          expect(got.equals(data.subarray(untouched.start, untouched.end + 1))).toBe(true);
        }
      }
    });

    it('refuses a damaged magic rather than serving the ciphertext as plaintext', async () => {
      const copy = await rawBytes(bucket, 'blobs/victim');
      copy[0] ^= 0x01;
      await putRaw(bucket, 'blobs/victim', copy);
      await expectIntegrityFailure(download('blobs/victim'));
      await expectIntegrityFailure(download('blobs/victim', { start: 0, end: 10 }));
    });

    it('refuses an object truncated at a chunk boundary or inside a chunk', async () => {
      const stored = await rawBytes(bucket, 'blobs/victim');
      for (const length of [
        HEADER_BYTES + 2 * STORED_CHUNK,
        HEADER_BYTES + 2 * STORED_CHUNK + 40,
        20,
      ]) {
        await putRaw(bucket, 'blobs/victim', stored.subarray(0, length));
        await expectIntegrityFailure(download('blobs/victim'));
        if (length < HEADER_BYTES) continue;
        // The range that reaches the cut fails; one that stays before it is served intact.
        await expectIntegrityFailure(download('blobs/victim', { start: CHUNK, end: 3 * CHUNK }));
        const before = await download('blobs/victim', { start: 10, end: CHUNK - 1 });
        expect(before.equals(data.subarray(10, CHUNK))).toBe(true);
      }
    });

    it('refuses a chunk swapped in from another object of the household, or another household', async () => {
      const victim = await rawBytes(bucket, 'blobs/victim');
      await storage.putObject(bucket, 'blobs/other', streamOf(data));
      await storage.putObject(otherBucket, 'blobs/victim', streamOf(data));
      for (const donor of [
        await rawBytes(bucket, 'blobs/other'),
        await rawBytes(otherBucket, 'blobs/victim'),
      ]) {
        const copy = Buffer.from(victim);
        donor.copy(
          copy,
          HEADER_BYTES + STORED_CHUNK,
          HEADER_BYTES + STORED_CHUNK,
          HEADER_BYTES + 2 * STORED_CHUNK,
        );
        await putRaw(bucket, 'blobs/victim', copy);
        await expectIntegrityFailure(download('blobs/victim'));
        await expectIntegrityFailure(download('blobs/victim', { start: CHUNK, end: CHUNK }));
      }
      // Two chunks of the object itself, swapped: their indexes are authenticated.
      const reordered = Buffer.from(victim);
      victim.copy(
        reordered,
        HEADER_BYTES,
        HEADER_BYTES + STORED_CHUNK,
        HEADER_BYTES + 2 * STORED_CHUNK,
      );
      victim.copy(
        reordered,
        HEADER_BYTES + STORED_CHUNK,
        HEADER_BYTES,
        HEADER_BYTES + STORED_CHUNK,
      );
      await putRaw(bucket, 'blobs/victim', reordered);
      await expectIntegrityFailure(download('blobs/victim'));
      // A whole object moved under another key.
      await putRaw(bucket, 'blobs/victim', await rawBytes(bucket, 'blobs/other'));
      await expectIntegrityFailure(download('blobs/victim'));
    });

    it('ends a stream with the error after serving only authenticated chunks', async () => {
      const copy = await rawBytes(bucket, 'blobs/victim');
      copy[HEADER_BYTES + 3 * STORED_CHUNK + 50] ^= 0x80;
      await putRaw(bucket, 'blobs/victim', copy);
      const served: Buffer[] = [];
      const stream = await storage.getObject(bucket, 'blobs/victim');
      await expect(
        (async () => {
          for await (const chunk of stream) served.push(chunk as Buffer);
        })(),
      ).rejects.toMatchObject({ code: StorageErrorCode.IntegrityFailed });
      const prefix = Buffer.concat(served);
      expect(prefix.length).toBeLessThanOrEqual(3 * CHUNK);
      expect(prefix.equals(data.subarray(0, prefix.length))).toBe(true);
    });
  });

  describe('objects stored before encryption', () => {
    it('serves them as they are while the household accepts plaintext, and refuses them after', async () => {
      const data = randomBytes(2 * CHUNK + 5);
      await putRaw(bucket, 'blobs/legacy', data);
      keyring.keys.set(bucket, { ...keyring.keys.get(bucket)!, acceptsPlaintext: true });
      expect((await download('blobs/legacy')).equals(data)).toBe(true);
      expect(
        (await download('blobs/legacy', { start: 100, end: 1500 })).equals(
          data.subarray(100, 1501),
        ),
      ).toBe(true);
      keyring.keys.set(bucket, { ...keyring.keys.get(bucket)!, acceptsPlaintext: false });
      await expect(download('blobs/legacy')).rejects.toMatchObject({
        code: StorageErrorCode.IntegrityFailed,
      });
    });

    it('encrypts one in place: new object, verify, switch, delete; again is a no-op', async () => {
      const data = randomBytes(3 * CHUNK + 7);
      await putRaw(bucket, 'blobs/legacy', data);
      keyring.keys.set(bucket, { ...keyring.keys.get(bucket)!, acceptsPlaintext: true });
      await expect(storage.describe(bucket, 'blobs/legacy')).resolves.toBe('plaintext');
      await expect(storage.encryptExisting(bucket, 'blobs/legacy')).resolves.toBe('plaintext');
      await expect(storage.describe(bucket, 'blobs/legacy')).resolves.toBe('encrypted');
      await expect(storage.encryptExisting(bucket, 'blobs/legacy')).resolves.toBe('encrypted');
      const keys: string[] = [];
      for await (const key of raw.listKeys(bucket)) keys.push(key);
      expect(keys).toEqual(['blobs/legacy']);
      keyring.keys.set(bucket, { ...keyring.keys.get(bucket)!, acceptsPlaintext: false });
      expect((await download('blobs/legacy')).equals(data)).toBe(true);
      await expect(storage.encryptExisting(bucket, 'blobs/gone')).resolves.toBe('missing');
    });
  });

  it('reads nothing once the household’s key is gone (crypto-shredding)', async () => {
    const data = randomBytes(2000);
    await storage.putObject(bucket, 'blobs/shredded', streamOf(data));
    const copy = await rawBytes(bucket, 'blobs/shredded');
    keyring.keys.delete(bucket);
    await expect(download('blobs/shredded')).rejects.toMatchObject({
      code: StorageErrorCode.KeyUnavailable,
    });
    // Another household's key, the right object key: still nothing.
    keyring.keys.set(bucket, { ...keyring.keys.get(otherBucket)! });
    await putRaw(bucket, 'blobs/shredded', copy);
    await expect(download('blobs/shredded')).rejects.toMatchObject({
      code: StorageErrorCode.IntegrityFailed,
    });
  });
});
