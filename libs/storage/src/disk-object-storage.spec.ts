import { createWriteStream, WriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { DiskObjectStorage } from './disk-object-storage';
import { StorageErrorCode } from './storage-error-code';

jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, createWriteStream: jest.fn(actual.createWriteStream) };
});

/** What the file system does when the disk is full; a real one cannot be had in a test. */
function fullDisk(): WriteStream {
  const failure = Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
  });
  return new Writable({
    write: (_chunk, _encoding, callback) => callback(failure),
  }) as WriteStream;
}

describe('DiskObjectStorage failures', () => {
  let directory: string;
  let storage: DiskObjectStorage;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'foyer-objects-'));
    storage = new DiskObjectStorage(directory);
    await storage.ensureBucket('household-1');
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reports a failed write as storage being unavailable, and stores nothing', async () => {
    jest.mocked(createWriteStream).mockImplementationOnce(fullDisk);

    await expect(
      storage.putObject('household-1', 'blob', Readable.from([Buffer.from('data')])),
    ).rejects.toMatchObject({
      status: 503,
      code: StorageErrorCode.Unavailable,
      message:
        'Object storage could not store "blob" in bucket "household-1": ENOSPC: no space left on device, write',
    });
    expect(await readdir(path.join(directory, 'household-1'))).toEqual([]);
  });

  it('passes the input failure on unchanged', async () => {
    const body = new Readable({ read: () => body.destroy(new Error('client went away')) });

    await expect(storage.putObject('household-1', 'blob', body)).rejects.toThrow(
      /^client went away$/,
    );
    expect(await readdir(path.join(directory, 'household-1'))).toEqual([]);
  });
});
