import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import request from 'supertest';
import { JsonLinesSpool, type ArchiveEntryOut, type SectionSnapshot } from '@foyer/portability';
import { ObjectStorage } from '@foyer/storage';
import { filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { OrphanBlobCollector } from '../../../libs/files/src/maintenance/orphan-blob-collector';
import { FilesPortableSection } from '../../../libs/files/src/portability/files.portable-section';
import { FilesFixture, ownerWithHousehold } from '../files/files-fixture';
import { tenantQuery } from '../households/provisioning-helpers';
import {
  downloadExport,
  entryText,
  jsonLines,
  readZip,
  requestExport,
  waitForExport,
} from './export-helpers';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a section snapshot as the writer would: every entry opened, read, then `written`. */
async function drain(snapshot: SectionSnapshot): Promise<Map<string, Buffer | null>> {
  const read = new Map<string, Buffer | null>();
  for await (const entry of snapshot.entries() as AsyncIterable<ArchiveEntryOut>) {
    if (entry.path.endsWith('/')) continue;
    const body = entry.open ? await entry.open() : null;
    if (body === null) {
      read.set(entry.path, null);
      continue;
    }
    const bytes = await bytesOf(body);
    entry.written?.({ size: bytes.length, sha256: sha256(bytes) });
    read.set(entry.path, bytes);
  }
  return read;
}

describe('exports: a consistent snapshot while files change, and retries', () => {
  let testApp: TestApp;
  let fx: FilesFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  beforeEach(async () => {
    fx = await ownerWithHousehold(testApp, 'Changing home');
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const overwrite = (path: string, content: string) =>
    uploadFile(testApp, fx.owner, fx.home.id, path, content);
  const trash = (path: string) =>
    request(testApp.server)
      .delete(filesUrl(fx.home.id, pathQuery(path)))
      .set(fx.owner.auth)
      .expect(204);
  const emptyTrash = () =>
    request(testApp.server).delete(filesUrl(fx.home.id, '/trash')).set(fx.owner.auth).expect(204);
  const collect = () =>
    testApp.app.get(OrphanBlobCollector).collect(fx.home.id, new Date(Date.now() + 1e9));

  it('holds every blob of its snapshot: overwrites and an emptied trash do not reach it', async () => {
    await overwrite('/Documents/v.txt', 'version 1');
    await overwrite('/Documents/del.txt', 'to delete');
    const section = testApp.app.get(FilesPortableSection);
    const snapshot = await section.snapshot(fx.home.id, { kind: 'household' });
    try {
      await overwrite('/Documents/v.txt', 'version 2');
      await trash('/Documents/del.txt');
      await emptyTrash();
      // Neither the files service nor the collector removes a blob while the hold lasts.
      expect(await collect()).toBe(0);
      const read = await drain(snapshot);
      expect(read.get('files/Documents/v.txt')?.toString()).toBe('version 1');
      expect(read.get('files/Documents/del.txt')?.toString()).toBe('to delete');
      expect(await snapshot.changedDuringExport?.()).toEqual([]);
      const lines = jsonLines<{ path: string; sha256: string }>(
        read.get('files.jsonl')?.toString() ?? '',
      );
      expect(lines.find((line) => line.path === '/Documents/v.txt')?.sha256).toBe(
        sha256('version 1'),
      );
    } finally {
      await snapshot.close?.();
    }
    // Let go: the two blobs nobody refers to any more are orphans, collected.
    expect(await collect()).toBe(2);
  });

  it('says precisely what changed when a blob is gone after all (a hold that ended)', async () => {
    await overwrite('/Documents/v.txt', 'version 1');
    await overwrite('/Documents/del.txt', 'to delete');
    await overwrite('/Documents/same.txt', 'unchanged');
    const section = testApp.app.get(FilesPortableSection);
    const snapshot = await section.snapshot(fx.home.id, { kind: 'household' });
    // The hold expires (an export running far longer than its time to live): changes now
    // remove the old blobs at once.
    await tenantQuery(
      testApp.db,
      fx.home.id,
      `UPDATE file_blob_holds SET expires_at = now() - interval '1 second'`,
    );
    await overwrite('/Documents/v.txt', 'version 2');
    await trash('/Documents/del.txt');
    await emptyTrash();
    const read = await drain(snapshot);
    await snapshot.close?.();
    expect(read.get('files/Documents/v.txt')?.toString()).toBe('version 2');
    expect(read.get('files/Documents/del.txt')).toBeNull();
    expect(read.get('files/Documents/same.txt')?.toString()).toBe('unchanged');
    expect(await snapshot.changedDuringExport?.()).toEqual([
      { path: 'files/Documents/del.txt', change: 'deleted' },
      { path: 'files/Documents/v.txt', change: 'modified' },
    ]);
    const lines = jsonLines<{ path: string; sha256: string }>(
      read.get('files.jsonl')?.toString() ?? '',
    );
    expect(lines.find((line) => line.path === '/Documents/v.txt')?.sha256).toBe(
      sha256('version 2'),
    );
    expect(lines.some((line) => line.path === '/Documents/del.txt')).toBe(false);
  });

  it('writes one instant of the household when files change during the export', async () => {
    const count = 24;
    const versions = (i: number, v: number) => `file ${i}, version ${v}\n`.repeat(4000);
    for (let i = 0; i < count; i++) await overwrite(`/Documents/f${i}.txt`, versions(i, 1));
    const { id } = await requestExport(testApp.server, fx.owner, fx.home.id);
    // A sequence of changes, one after the other, while the export runs: an archive that is
    // one instant of the household holds a prefix of them, never a later one without an earlier.
    for (let i = 0; i < count; i++) {
      if (i % 3 === 2) await trash(`/Documents/f${i}.txt`);
      else await overwrite(`/Documents/f${i}.txt`, versions(i, 2));
    }
    const view = await waitForExport(testApp.server, fx.owner, fx.home.id, id);
    const archive = await downloadExport(testApp.server, fx.owner, fx.home.id, view.id);
    const entries = await readZip(archive.body);
    const byPath = new Map(entries.map((entry) => [entry.path, entry.data]));
    const manifest = JSON.parse(entryText(entries, 'manifest.json')) as {
      changedDuringExport: unknown[];
    };
    expect(manifest.changedDuringExport).toEqual([]);
    const applied = Array.from({ length: count }, (_, i) => {
      const live = byPath.get(`files/Documents/f${i}.txt`);
      if (i % 3 === 2) {
        const trashed = byPath.get(`trash/Documents/f${i}.txt`);
        expect(Boolean(live) !== Boolean(trashed)).toBe(true);
        expect((live ?? trashed)?.toString()).toBe(versions(i, 1));
        return trashed !== undefined;
      }
      expect([versions(i, 1), versions(i, 2)]).toContain(live?.toString());
      return live?.toString() === versions(i, 2);
    });
    const firstMissing = applied.indexOf(false);
    if (firstMissing >= 0) expect(applied.slice(firstMissing)).not.toContain(true);
    // files.jsonl describes exactly the bytes written.
    for (const line of jsonLines<{ entry: string; type: string; sha256: string }>(
      entryText(entries, 'files.jsonl'),
    )) {
      if (line.type !== 'file') continue;
      expect(sha256(byPath.get(line.entry) ?? Buffer.alloc(0))).toBe(line.sha256);
    }
  });

  it('starts over when an attempt fails mid-stream, and keeps only the good archive', async () => {
    // Each attempt's working files (its files snapshot, its list of entries) are spooled to
    // disk: neither the failed attempt nor the good one may leave one behind.
    const spooled: string[] = [];
    const create = JsonLinesSpool.create.bind(JsonLinesSpool);
    jest.spyOn(JsonLinesSpool, 'create').mockImplementation(async (name: string) => {
      const spool = await create(name);
      spooled.push(spool.directory);
      return spool;
    });
    const content = Buffer.alloc(256 * 1024, 7);
    await overwrite('/Documents/payload.bin', content.toString('latin1'));
    const storage = testApp.app.get(ObjectStorage);
    const original = storage.putObject.bind(storage);
    let broken = 0;
    jest.spyOn(storage, 'putObject').mockImplementation(async (bucket, key, body) => {
      if (!key.startsWith('exports/') || broken > 0) return original(bucket, key, body);
      broken++;
      // Lets part of the archive through, then fails as a dropped connection to S3 would.
      let passed = 0;
      const failing = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          passed += chunk.length;
          if (passed > 64 * 1024) callback(new Error('simulated storage failure mid-stream'));
          else callback(null, chunk);
        },
      });
      failing.once('error', (error) => body.destroy(error));
      body.pipe(failing);
      return original(bucket, key, failing);
    });

    const { id } = await requestExport(testApp.server, fx.owner, fx.home.id);
    const view = await waitForExport(testApp.server, fx.owner, fx.home.id, id, {
      timeoutMs: 45_000,
    });
    expect(broken).toBe(1);
    const [row] = await tenantQuery<{ attempts: number; object_key: string }>(
      testApp.db,
      fx.home.id,
      'SELECT attempts, object_key FROM exports WHERE id = $1',
      [id],
    );
    expect(row.attempts).toBe(2);
    const keys: string[] = [];
    for await (const key of storage.listKeys(`foyer-hh-${fx.home.id}`, `exports/${id}/`)) {
      keys.push(key);
    }
    expect(keys).toEqual([row.object_key]);
    const archive = await downloadExport(testApp.server, fx.owner, fx.home.id, id);
    expect(sha256(archive.body)).toBe(view.sha256);
    const entries = await readZip(archive.body);
    expect(entries[entries.length - 1].path).toBe('manifest.json');
    expect(
      entries.find((entry) => entry.path === 'files/Documents/payload.bin')?.data.equals(content),
    ).toBe(true);
    expect(spooled.length).toBeGreaterThanOrEqual(4);
    expect(spooled.filter((directory) => existsSync(directory))).toEqual([]);
  }, 70_000);
});
