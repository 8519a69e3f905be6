import { Test } from '@nestjs/testing';
import { ConfigModule, FoyerConfig, loadConfig } from '@foyer/core';
import { Module } from '@nestjs/common';
import {
  BucketKey,
  ObjectKeyring,
  ObjectStorage,
  StorageErrorCode,
  StorageModule,
} from '@foyer/storage';
import { Client } from 'minio';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { DiskObjectStorage } from '../../../libs/storage/src/disk-object-storage';
import { S3ObjectStorage, S3Settings } from '../../../libs/storage/src/s3-object-storage';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';

const MiB = 1024 * 1024;
/** The smallest part S3 allows, so that a few MiB exercise multipart uploads. */
const PART_SIZE = 5 * MiB;

interface DriverUnderTest {
  storage: ObjectStorage;
  /** Starts, in a child process of the built program, an upload that never ends. */
  startAbandonedUpload(bucket: string, key: string): ChildProcess;
  /** Half-written uploads the store holds: temporary files, incomplete multipart uploads. */
  pendingUploads(bucket: string): Promise<number>;
  /** Files the driver left in the bucket besides its objects (temporary files, for the disk). */
  leftovers(bucket: string): Promise<string[]>;
  /** The same driver pointed at a store it cannot use. */
  unusable(): Promise<ObjectStorage>;
  /** Removes a test's bucket after it. */
  cleanUp(bucket: string): Promise<void>;
  dispose(): Promise<void>;
}

function s3Config(endpoint = harness().s3Endpoint): FoyerConfig {
  return loadConfig({ S3_ENDPOINT: endpoint, S3_ACCESS_KEY, S3_SECRET_KEY });
}

function s3Settings(config: FoyerConfig): S3Settings {
  if (config.storage.kind !== 's3') throw new Error('expected S3 settings');
  return config.storage;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
}

const BUILT_STORAGE = path.resolve(__dirname, '..', '..', '..', 'dist', 'libs', 'storage', 'src');

/**
 * A child process that streams one part and a byte into an upload, then waits forever: what a
 * process killed mid-upload leaves behind once the test kills it.
 */
function abandonedUpload(driverSource: string, bucket: string, key: string): ChildProcess {
  const script = `
    const { PassThrough } = require('node:stream');
    const storage = ${driverSource};
    const body = new PassThrough();
    storage.putObject(${JSON.stringify(bucket)}, ${JSON.stringify(key)}, body).catch(() => {});
    body.write(Buffer.alloc(${PART_SIZE + 1}));
    setInterval(() => {}, 1000);
  `;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

const drivers: [string, () => Promise<DriverUnderTest>][] = [
  [
    'disk',
    async () => {
      const directory = await mkdtemp(path.join(tmpdir(), 'foyer-objects-'));
      const storage = new DiskObjectStorage(directory);
      return {
        storage,
        startAbandonedUpload: (bucket, key) =>
          abandonedUpload(
            `new (require(${JSON.stringify(path.join(BUILT_STORAGE, 'disk-object-storage.js'))}).DiskObjectStorage)(${JSON.stringify(directory)})`,
            bucket,
            key,
          ),
        pendingUploads: async (bucket) =>
          (await filesUnder(path.join(directory, bucket))).filter((name) =>
            name.startsWith('.upload-'),
          ).length,
        leftovers: (bucket) => filesUnder(path.join(directory, bucket)),
        unusable: async () => {
          const file = path.join(directory, 'not-a-folder');
          await writeFile(file, 'x');
          return new DiskObjectStorage(path.join(file, 'objects'));
        },
        cleanUp: (bucket) => storage.removeBucket(bucket),
        dispose: () => rm(directory, { recursive: true, force: true }),
      };
    },
  ],
  [
    's3',
    async () => {
      const settings = s3Settings(s3Config());
      const storage = new S3ObjectStorage(settings, { partSize: PART_SIZE });
      const client = new Client({ ...settings, pathStyle: true });
      return {
        storage,
        startAbandonedUpload: (bucket, key) =>
          abandonedUpload(
            `new (require(${JSON.stringify(path.join(BUILT_STORAGE, 's3-object-storage.js'))}).S3ObjectStorage)(${JSON.stringify(settings)}, { partSize: ${PART_SIZE} })`,
            bucket,
            key,
          ),
        pendingUploads: async (bucket) => {
          let count = 0;
          for await (const _upload of client.listIncompleteUploads(bucket, '', true)) count++;
          return count;
        },
        // Parts of an unfinished upload are not objects: listKeys and statObject are the check.
        leftovers: async () => [],
        unusable: async () =>
          new S3ObjectStorage(s3Settings(s3Config(`http://127.0.0.1:${await closedPort()}`))),
        // s3rver deletes a DeleteObjects batch in parallel and races on pruning the folders keys
        // share (a 500 that minio retries once). Cleaning up key by key keeps that s3rver gap out
        // of every test; removeBucket's batch deletion is asserted where it is tested.
        cleanUp: async (bucket) => {
          if (!(await storage.bucketExists(bucket))) return;
          for await (const key of storage.listKeys(bucket)) await storage.removeObject(bucket, key);
          await storage.removeBucket(bucket);
        },
        dispose: async () => undefined,
      };
    },
  ],
];

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Streams a buffer in 64 KiB chunks, as a network body would arrive. */
function streamOf(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += 64 * 1024)
    chunks.push(data.subarray(offset, offset + 64 * 1024));
  return Readable.from(chunks);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const key of keys) all.push(key);
  return all;
}

/** Sends `bytes` bytes, then fails the way a client that goes away does. */
function failingAfter(bytes: number): Readable {
  const data = randomBytes(bytes);
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        for (let offset = 0; offset < data.length; offset += 64 * 1024)
          this.push(data.subarray(offset, offset + 64 * 1024));
        return;
      }
      this.destroy(new Error('client went away'));
    },
  });
}

describe.each(drivers)('ObjectStorage contract: %s driver', (_name, createDriver) => {
  let driver: DriverUnderTest;
  let storage: ObjectStorage;
  let bucket: string;

  beforeAll(async () => {
    driver = await createDriver();
    storage = driver.storage;
  });

  afterAll(() => driver.dispose());

  beforeEach(async () => {
    bucket = `t-${randomBytes(6).toString('hex')}`;
    await storage.ensureBucket(bucket);
  });

  afterEach(() => driver.cleanUp(bucket));

  it('stores a streamed body and reads it back, reporting its size and SHA-256', async () => {
    const data = randomBytes(300 * 1024 + 7);

    const stored = await storage.putObject(bucket, 'blobs/0f/abc-1', streamOf(data));

    expect(stored).toEqual({ size: data.length, sha256: sha256(data) });
    expect(await readAll(await storage.getObject(bucket, 'blobs/0f/abc-1'))).toEqual(data);
    const info = await storage.statObject(bucket, 'blobs/0f/abc-1');
    expect(info?.size).toBe(data.length);
    // (not toBeInstanceOf: fs builds its Dates outside jest's sandbox)
    expect(Number.isFinite(info?.lastModified.getTime())).toBe(true);
  });

  it('stores an empty object', async () => {
    const stored = await storage.putObject(bucket, 'empty', Readable.from([]));

    expect(stored).toEqual({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(await readAll(await storage.getObject(bucket, 'empty'))).toHaveLength(0);
    expect((await storage.statObject(bucket, 'empty'))?.size).toBe(0);
  });

  it('reads byte ranges, cuts one that runs past the end, and refuses one that starts past it', async () => {
    const data = randomBytes(1000);
    await storage.putObject(bucket, 'ranged', streamOf(data));

    expect(
      await readAll(await storage.getObject(bucket, 'ranged', { start: 10, end: 19 })),
    ).toEqual(data.subarray(10, 20));
    expect(await readAll(await storage.getObject(bucket, 'ranged', { start: 0, end: 4 }))).toEqual(
      data.subarray(0, 5),
    );
    expect(
      await readAll(await storage.getObject(bucket, 'ranged', { start: 990, end: 5000 })),
    ).toEqual(data.subarray(990));
    await expect(
      storage.getObject(bucket, 'ranged', { start: 1000, end: 1010 }),
    ).rejects.toMatchObject({
      status: 416,
      code: StorageErrorCode.RangeNotSatisfiable,
    });
    await expect(storage.getObject(bucket, 'ranged', { start: 20, end: 10 })).rejects.toMatchObject(
      {
        code: StorageErrorCode.InvalidRange,
      },
    );
  });

  it('overwrites an object, which then reads and lists as the new version only', async () => {
    await storage.putObject(
      bucket,
      'doc',
      streamOf(Buffer.from('first version, longer than the second')),
    );
    const second = Buffer.from('second');

    const stored = await storage.putObject(bucket, 'doc', streamOf(second));

    expect(stored).toEqual({ size: second.length, sha256: sha256(second) });
    expect(await readAll(await storage.getObject(bucket, 'doc'))).toEqual(second);
    expect(await collect(storage.listKeys(bucket))).toEqual(['doc']);
  });

  it('reports a missing object as absent, and removing it succeeds', async () => {
    await expect(storage.getObject(bucket, 'nothing-here')).rejects.toMatchObject({
      status: 404,
      code: StorageErrorCode.ObjectNotFound,
    });
    await expect(
      storage.getObject(bucket, 'nothing-here', { start: 0, end: 1 }),
    ).rejects.toMatchObject({
      code: StorageErrorCode.ObjectNotFound,
    });
    expect(await storage.statObject(bucket, 'nothing-here')).toBeUndefined();
    await expect(storage.removeObject(bucket, 'nothing-here')).resolves.toBeUndefined();
  });

  it('removes an object, and its key can then be reused as a folder and back', async () => {
    await storage.putObject(bucket, 'a/b', streamOf(Buffer.from('x')));
    await storage.removeObject(bucket, 'a/b');
    expect(await storage.statObject(bucket, 'a/b')).toBeUndefined();

    await storage.putObject(bucket, 'a', streamOf(Buffer.from('now a plain object')));
    expect(await collect(storage.listKeys(bucket))).toEqual(['a']);
  });

  // Sorted before comparing: S3 lists in byte order, but s3rver does not.
  it('lists every key, and only those under a prefix', async () => {
    const keys = [
      ...Array.from({ length: 12 }, (_, i) => `files/${i.toString(16).padStart(2, '0')}/blob-${i}`),
      ...Array.from({ length: 6 }, (_, i) => `exports/export-${i}.zip`),
      'files-index',
      'files.v2',
      'top',
    ];
    for (const key of keys) await storage.putObject(bucket, key, streamOf(Buffer.from(key)));

    const listed = async (prefix?: string) =>
      (await collect(storage.listKeys(bucket, prefix))).sort();
    expect(await listed()).toEqual([...keys].sort());
    expect(await listed('files/')).toEqual(keys.filter((key) => key.startsWith('files/')).sort());
    expect(await listed('files')).toEqual(keys.filter((key) => key.startsWith('files')).sort());
    expect(await collect(storage.listKeys(bucket, 'exports/export-3'))).toEqual([
      'exports/export-3.zip',
    ]);
    expect(await collect(storage.listKeys(bucket, 'nothing/'))).toEqual([]);
  });

  it('lists past the 1,000 keys of one S3 listing page', async () => {
    const keys = Array.from({ length: 1010 }, (_, i) => `k-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(
        keys.slice(i, i + 25).map((key) => storage.putObject(bucket, key, Readable.from([]))),
      );
    }

    expect((await collect(storage.listKeys(bucket, 'k-'))).sort()).toEqual(keys);
  });

  it('removes a bucket with everything in it, and again without complaint', async () => {
    await storage.putObject(bucket, 'one', streamOf(Buffer.from('1')));
    await storage.putObject(bucket, 'nested/two', streamOf(Buffer.from('2')));

    await storage.removeBucket(bucket);

    expect(await storage.bucketExists(bucket)).toBe(false);
    await expect(storage.removeBucket(bucket)).resolves.toBeUndefined();
    expect(await storage.statObject(bucket, 'one')).toBeUndefined();
    await expect(collect(storage.listKeys(bucket))).rejects.toMatchObject({
      code: StorageErrorCode.BucketNotFound,
    });
    await expect(
      storage.putObject(bucket, 'three', streamOf(Buffer.from('3'))),
    ).rejects.toMatchObject({
      code: StorageErrorCode.BucketNotFound,
    });
    expect(await storage.bucketExists(bucket)).toBe(false);
  });

  it('creates a bucket once, however often it is ensured', async () => {
    await storage.putObject(bucket, 'kept', streamOf(Buffer.from('kept')));

    await storage.ensureBucket(bucket);

    expect(await storage.bucketExists(bucket)).toBe(true);
    expect(await collect(storage.listKeys(bucket))).toEqual(['kept']);
  });

  it.each([
    '../escape',
    '/absolute',
    'Upper',
    'a//b',
    'a/../b',
    'a/./b',
    'a/',
    '',
    'a/.hidden',
    'white space',
    'a\\b',
  ])('refuses the key %p', async (key) => {
    const refused = { status: 500, code: StorageErrorCode.InvalidObjectKey };
    const body = streamOf(Buffer.from('never stored'));
    await expect(storage.putObject(bucket, key, body)).rejects.toMatchObject(refused);
    expect(body.destroyed).toBe(true);
    await expect(storage.getObject(bucket, key)).rejects.toMatchObject(refused);
    await expect(storage.statObject(bucket, key)).rejects.toMatchObject(refused);
    await expect(storage.removeObject(bucket, key)).rejects.toMatchObject(refused);
    expect(await collect(storage.listKeys(bucket))).toEqual([]);
  });

  it('refuses list prefixes that cannot begin a key', async () => {
    await expect(collect(storage.listKeys(bucket, '../'))).rejects.toMatchObject({
      code: StorageErrorCode.InvalidObjectKey,
    });
  });

  it.each(['ab', 'UPPER', '../x', 'a..b', 'ends-', '192.168.1.2', 'xn--bucket', 'a'.repeat(64)])(
    'refuses the bucket name %p',
    async (name) => {
      await expect(storage.ensureBucket(name)).rejects.toMatchObject({
        code: StorageErrorCode.InvalidBucketName,
      });
      await expect(storage.bucketExists(name)).rejects.toMatchObject({
        code: StorageErrorCode.InvalidBucketName,
      });
    },
  );

  it.each([
    ['within the first part', 100 * 1024],
    ['after the first part was sent', PART_SIZE + MiB],
  ])('leaves nothing behind when the input fails %s', async (_when, bytes) => {
    await expect(storage.putObject(bucket, 'aborted', failingAfter(bytes))).rejects.toThrow(
      'client went away',
    );

    expect(await storage.statObject(bucket, 'aborted')).toBeUndefined();
    await expect(storage.getObject(bucket, 'aborted')).rejects.toMatchObject({
      code: StorageErrorCode.ObjectNotFound,
    });
    expect(await collect(storage.listKeys(bucket))).toEqual([]);
    expect(await driver.leftovers(bucket)).toEqual([]);
  });

  it('keeps the previous version when an overwrite fails', async () => {
    await storage.putObject(bucket, 'doc', streamOf(Buffer.from('good')));

    await expect(storage.putObject(bucket, 'doc', failingAfter(1024))).rejects.toThrow(
      'client went away',
    );

    expect((await readAll(await storage.getObject(bucket, 'doc'))).toString()).toBe('good');
  });

  it('shows an object only once its upload is complete', async () => {
    const body = new PassThrough();
    const upload = storage.putObject(bucket, 'slow', body);
    body.write(randomBytes(64 * 1024));
    await new Promise((resolve) => setImmediate(resolve));

    expect(await storage.statObject(bucket, 'slow')).toBeUndefined();
    expect(await collect(storage.listKeys(bucket))).toEqual([]);

    body.end(Buffer.from('tail'));
    expect((await upload).size).toBe(64 * 1024 + 4);
    expect(await collect(storage.listKeys(bucket))).toEqual(['slow']);
  });

  it('discards the half-written upload of a killed process once it is old enough, and nothing else', async () => {
    await storage.putObject(bucket, 'files/kept', streamOf(Buffer.from('kept')));
    const child = driver.startAbandonedUpload(bucket, 'files/abandoned');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until(async () => (await driver.pendingUploads(bucket)) === 1);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    // Started a moment ago: it may belong to a live upload, so it stays.
    expect(await storage.removeAbandonedUploads(bucket, new Date(Date.now() - 60_000))).toBe(0);
    expect(await driver.pendingUploads(bucket)).toBe(1);
    // Seen from a minute later, it is abandoned.
    expect(await storage.removeAbandonedUploads(bucket, new Date(Date.now() + 60_000))).toBe(1);
    expect(await driver.pendingUploads(bucket)).toBe(0);
    expect(await driver.leftovers(bucket)).toEqual(expect.not.arrayContaining(['abandoned']));
    expect(await collect(storage.listKeys(bucket))).toEqual(['files/kept']);
    expect(await storage.removeAbandonedUploads(bucket, new Date(Date.now() + 60_000))).toBe(0);
  });

  it('stores 12 MiB in 5 MiB parts and reads any range of it back', async () => {
    const data = randomBytes(12 * MiB);
    const partUploads = jest.spyOn(Client.prototype, 'uploadPart');
    try {
      const stored = await storage.putObject(bucket, 'large', streamOf(data));

      expect(stored).toEqual({ size: data.length, sha256: sha256(data) });
      if (storage instanceof S3ObjectStorage) expect(partUploads).toHaveBeenCalledTimes(3);
    } finally {
      partUploads.mockRestore();
    }
    expect(sha256(await readAll(await storage.getObject(bucket, 'large')))).toBe(sha256(data));
    const across = { start: PART_SIZE - 10, end: PART_SIZE + 9 };
    expect(await readAll(await storage.getObject(bucket, 'large', across))).toEqual(
      data.subarray(across.start, across.end + 1),
    );
  });

  it('answers a ping, and a ping of an unusable store fails with a clear error', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();

    const unusable = await driver.unusable();
    await expect(unusable.ping()).rejects.toMatchObject({
      status: 503,
      code: StorageErrorCode.Unavailable,
      message: expect.stringMatching(/^Object storage could not .+: .+/),
    });
  });
});

describe('DiskObjectStorage', () => {
  let directory: string;
  let storage: DiskObjectStorage;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'foyer-objects-'));
    storage = new DiskObjectStorage(directory);
    await storage.ensureBucket('household-1');
  });

  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('keeps each object as a plain file at its key, and lists keys in the byte order S3 uses', async () => {
    for (const key of ['files/b', 'files-index', 'files.v2', 'files/a/1', 'top']) {
      await storage.putObject('household-1', key, Readable.from([Buffer.from(key)]));
    }

    expect(await collect(storage.listKeys('household-1'))).toEqual([
      'files-index',
      'files.v2',
      'files/a/1',
      'files/b',
      'top',
    ]);
    expect(
      (await readFile(path.join(directory, 'household-1', 'files', 'a', '1'))).toString(),
    ).toBe('files/a/1');
  });

  it('never lists an unfinished upload', async () => {
    await writeFile(path.join(directory, 'household-1', '.upload-0000'), 'half an upload');

    expect(await collect(storage.listKeys('household-1'))).toEqual([]);
  });

  it('refuses a key that would be both an object and a folder, and keeps the object', async () => {
    await storage.putObject('household-1', 'a/b', Readable.from([Buffer.from('inside')]));

    await expect(
      storage.putObject('household-1', 'a', Readable.from([Buffer.from('x')])),
    ).rejects.toMatchObject({
      code: StorageErrorCode.KeyConflict,
    });

    expect(await collect(storage.listKeys('household-1'))).toEqual(['a/b']);
    expect(await filesUnder(path.join(directory, 'household-1'))).toEqual(['b']);
  });
});

describe('StorageModule', () => {
  let directory: string;

  /** Every bucket is a household's here, all under one key. */
  class OneKeyring extends ObjectKeyring {
    readonly key = randomBytes(32);
    async keyFor(): Promise<BucketKey> {
      return { version: 1, key: this.key, acceptsPlaintext: false };
    }
    async reportIntegrityFailure(): Promise<void> {}
  }

  @Module({ providers: [OneKeyring], exports: [OneKeyring] })
  class KeyringModule {}

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'foyer-data-'));
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  async function storageFor(config: FoyerConfig): Promise<ObjectStorage> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        StorageModule.forRoot({ imports: [KeyringModule], keyring: OneKeyring }),
      ],
    }).compile();
    return moduleRef.get(ObjectStorage);
  }

  it('uses the disk under FOYER_DATA_DIR/objects by default, encrypting what it stores', async () => {
    const storage = await storageFor(loadConfig({ FOYER_DATA_DIR: directory }));

    await storage.ensureBucket('household-1');
    expect(await readdir(path.join(directory, 'objects'))).toEqual(['household-1']);
    const data = Buffer.from('a family photo, in short');
    await storage.putObject('household-1', 'photo', Readable.from([data]));
    const stored = await readFile(path.join(directory, 'objects', 'household-1', 'photo'));
    expect(stored.includes(data)).toBe(false);
    expect((await readAll(await storage.getObject('household-1', 'photo'))).equals(data)).toBe(
      true,
    );
  });

  it('uses S3 when S3_ENDPOINT is configured', async () => {
    const storage = await storageFor(s3Config());
    const bucket = `t-${randomBytes(6).toString('hex')}`;
    await storage.ensureBucket(bucket);
    const data = Buffer.from('a family photo, in short');
    await storage.putObject(bucket, 'photo', Readable.from([data]));
    const raw = new Client({ ...s3Settings(s3Config()), pathStyle: true });
    const stored = await readAll(await raw.getObject(bucket, 'photo'));
    expect(stored.includes(data)).toBe(false);
    expect((await readAll(await storage.getObject(bucket, 'photo'))).equals(data)).toBe(true);
    await storage.removeBucket(bucket);
  });
});
