import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import request from 'supertest';
import { FilesUsageMeter } from '@foyer/files';
import { HouseholdUsageMeter } from '@foyer/households';
import { JobName, JobQueue } from '@foyer/jobs';
import { ObjectStorage } from '@foyer/storage';
import { OrphanBlobCollector } from '../../../libs/files/src/maintenance/orphan-blob-collector';
import { setHouseholdStatus } from '../../factories/household.factory';
import { filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery, until } from '../households/provisioning-helpers';
import { FilesFixture, ownerWithHousehold, setQuota, sha256 } from './files-fixture';

interface RawAnswer {
  status: number;
  body: { code?: string; size?: number };
}

describe('files: quota, read-only households and interrupted uploads', () => {
  let testApp: TestApp;
  let fx: FilesFixture;
  let port: number;

  beforeAll(async () => {
    testApp = await createTestApp();
    await new Promise<void>((resolve) => testApp.server.listen(0, '127.0.0.1', resolve));
    port = (testApp.server.address() as AddressInfo).port;
  });

  beforeEach(async () => {
    fx = await ownerWithHousehold(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const usage = async () =>
    (await request(testApp.server).get(filesUrl(fx.home.id, '/usage')).set(fx.owner.auth)).body as {
      usedBytes: number;
      quotaBytes: number | null;
    };

  /** A PUT without Content-Length (chunked), the body written in `chunks` pieces of `chunkSize`. */
  function chunkedPut(path: string, chunks: number, chunkSize: number): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: filesUrl(fx.home.id, `/content${pathQuery(path)}`),
          headers: { ...fx.owner.auth, 'Content-Type': 'application/octet-stream' },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(parts).toString() || '{}'),
            }),
          );
        },
      );
      req.on('error', reject);
      let sent = 0;
      Readable.from(
        (function* () {
          while (sent < chunks) {
            sent++;
            yield Buffer.alloc(chunkSize, sent % 256);
          }
        })(),
      ).pipe(req);
    });
  }

  async function blobKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of testApp.app
      .get(ObjectStorage)
      .listKeys(`foyer-hh-${fx.home.id}`, 'files/')) {
      keys.push(key);
    }
    return keys;
  }

  it('reports usage and an unlimited quota by default', async () => {
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/a', '12345');
    expect(await usage()).toEqual({ usedBytes: 5, quotaBytes: null });
    // The households library's meter (operator view, billing) is the files library's now.
    const meter = testApp.app.get(HouseholdUsageMeter);
    expect(meter).toBeInstanceOf(FilesUsageMeter);
    expect((await meter.bytesUsed([fx.home.id])).get(fx.home.id)).toBe(5);
  });

  it('refuses an upload whose Content-Length is over the quota, before storing anything', async () => {
    await setQuota(testApp, fx.home.id, 1000);
    const response = await request(testApp.server)
      .put(filesUrl(fx.home.id, `/content${pathQuery('/Documents/big')}`))
      .set(fx.owner.auth)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(1001));
    expect(response.status).toBe(507);
    expect(response.body.code).toBe('QUOTA_EXCEEDED');
    expect(await usage()).toEqual({ usedBytes: 0, quotaBytes: 1000 });
    expect(await blobKeys()).toEqual([]);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/fits', Buffer.alloc(1000));
    expect((await usage()).usedBytes).toBe(1000);
  });

  it('stops a streamed upload (no Content-Length) once it passes the quota', async () => {
    await setQuota(testApp, fx.home.id, 200_000);
    const over = await chunkedPut('/Documents/stream-over', 20, 16_384);
    expect(over.status).toBe(507);
    expect(over.body.code).toBe('QUOTA_EXCEEDED');
    expect((await usage()).usedBytes).toBe(0);
    await until(async () => (await blobKeys()).length === 0, 'the partial blob to go');
    const fits = await chunkedPut('/Documents/stream-fits', 10, 16_384);
    expect(fits.status).toBe(201);
    expect(fits.body.size).toBe(163_840);
    const reservations = await tenantQuery(
      testApp.db,
      fx.home.id,
      'SELECT * FROM storage_reservations',
    );
    expect(reservations).toEqual([]);
  });

  it('never overshoots with concurrent uploads: with Content-Length, exactly one of two wins', async () => {
    await setQuota(testApp, fx.home.id, 100_000);
    const put = (name: string) =>
      request(testApp.server)
        .put(filesUrl(fx.home.id, `/content${pathQuery(`/Documents/${name}`)}`))
        .set(fx.owner.auth)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.alloc(60_000, 1));
    const answers = await Promise.all([put('one'), put('two')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 507]);
    expect((await usage()).usedBytes).toBe(60_000);
  });

  it('never overshoots with concurrent streamed uploads either', async () => {
    await setQuota(testApp, fx.home.id, 300_000);
    const answers = await Promise.all([
      chunkedPut('/Documents/s1', 12, 16_384),
      chunkedPut('/Documents/s2', 12, 16_384),
      chunkedPut('/Documents/s3', 12, 16_384),
    ]);
    const won = answers.filter((answer) => answer.status === 201).length;
    expect(won).toBeGreaterThanOrEqual(1);
    expect(answers.every((answer) => [201, 507].includes(answer.status))).toBe(true);
    const used = (await usage()).usedBytes;
    expect(used).toBe(won * 12 * 16_384);
    expect(used).toBeLessThanOrEqual(300_000);
  });

  it('counts the trash until it is emptied, and copies against the quota', async () => {
    await setQuota(testApp, fx.home.id, 1000);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/x', Buffer.alloc(600));
    const copy = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/copy'))
      .set(fx.owner.auth)
      .send({ from: '/Documents/x', to: '/Documents/y' });
    expect(copy.status).toBe(507);
    await request(testApp.server)
      .delete(filesUrl(fx.home.id, pathQuery('/Documents/x')))
      .set(fx.owner.auth)
      .expect(204);
    const refused = await request(testApp.server)
      .put(filesUrl(fx.home.id, `/content${pathQuery('/Documents/z')}`))
      .set(fx.owner.auth)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(600));
    expect(refused.status).toBe(507);
    await request(testApp.server)
      .delete(filesUrl(fx.home.id, '/trash'))
      .set(fx.owner.auth)
      .expect(204);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/z', Buffer.alloc(600));
  });

  it('keeps a read-only household readable and refuses every change', async () => {
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/kept.txt', 'kept');
    await request(testApp.server)
      .delete(filesUrl(fx.home.id, pathQuery('/Documents/kept.txt')))
      .set(fx.owner.auth);
    const [trashed] = (
      await request(testApp.server).get(filesUrl(fx.home.id, '/trash')).set(fx.owner.auth)
    ).body;
    await request(testApp.server)
      .post(filesUrl(fx.home.id, `/trash/${trashed.id}/restore`))
      .set(fx.owner.auth)
      .expect(200);
    await setHouseholdStatus(testApp, { id: fx.home.id }, 'suspended');
    const server = testApp.server;
    const auth = fx.owner.auth;
    const writes = [
      request(server)
        .put(filesUrl(fx.home.id, `/content${pathQuery('/Documents/new.txt')}`))
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('x')),
      request(server).post(filesUrl(fx.home.id, '/folders')).send({ path: '/New' }),
      request(server)
        .post(filesUrl(fx.home.id, '/move'))
        .send({ from: '/Documents/kept.txt', to: '/k.txt' }),
      request(server)
        .post(filesUrl(fx.home.id, '/copy'))
        .send({ from: '/Documents/kept.txt', to: '/k.txt' }),
      request(server).delete(filesUrl(fx.home.id, pathQuery('/Documents/kept.txt'))),
      request(server).post(filesUrl(fx.home.id, `/trash/${trashed.id}/restore`)),
      request(server).delete(filesUrl(fx.home.id, '/trash')),
    ];
    for (const pending of writes) {
      const response = await pending.set(auth);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
    }
    expect(
      (
        await request(server)
          .get(filesUrl(fx.home.id, pathQuery('/Documents')))
          .set(auth)
      ).status,
    ).toBe(200);
    const download = await request(server)
      .get(filesUrl(fx.home.id, `/content${pathQuery('/Documents/kept.txt')}`))
      .set(auth)
      .buffer(true);
    expect(download.status).toBe(200);
    expect((await request(server).get(filesUrl(fx.home.id, '/trash')).set(auth)).status).toBe(200);
    expect((await request(server).get(filesUrl(fx.home.id, '/usage')).set(auth)).status).toBe(200);
  });

  it('leaves nothing visible and nothing charged when the client disconnects mid-upload', async () => {
    await setQuota(testApp, fx.home.id, 50_000_000);
    const path = filesUrl(fx.home.id, `/content${pathQuery('/Documents/interrupted.bin')}`);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path,
        headers: {
          ...fx.owner.auth,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(20_000_000),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(Buffer.alloc(2_000_000, 3), () => {
        // Wait until the server holds the reservation (it is streaming), then go away.
        void until(
          async () =>
            (await tenantQuery(testApp.db, fx.home.id, 'SELECT 1 FROM storage_reservations'))
              .length > 0,
          'the upload to start',
        ).then(() => req.destroy());
      });
    });
    await until(
      async () =>
        (await tenantQuery(testApp.db, fx.home.id, 'SELECT 1 FROM storage_reservations')).length ===
        0,
      'the reservation to be released',
    );
    const listing = await request(testApp.server)
      .get(filesUrl(fx.home.id, pathQuery('/Documents')))
      .set(fx.owner.auth);
    expect(listing.body.items).toEqual([]);
    expect((await usage()).usedBytes).toBe(0);
    await until(async () => (await blobKeys()).length === 0, 'no blob to be left');
  });

  it('does not charge for long for a reservation a killed process left behind', async () => {
    await setQuota(testApp, fx.home.id, 1000);
    // A process that died mid-upload leaves its reservation until it expires.
    await tenantQuery(
      testApp.db,
      fx.home.id,
      `INSERT INTO storage_reservations (household_id, bytes, expires_at)
       VALUES ($1, 900, now() + interval '1 minute'), ($1, 900, now() - interval '1 second')`,
      [fx.home.id],
    );
    const blocked = await request(testApp.server)
      .put(filesUrl(fx.home.id, `/content${pathQuery('/Documents/after-crash')}`))
      .set(fx.owner.auth)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(200));
    expect(blocked.status).toBe(507);
    await tenantQuery(
      testApp.db,
      fx.home.id,
      `UPDATE storage_reservations SET expires_at = now() - interval '1 second'`,
    );
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/after-crash', Buffer.alloc(200));
    await testApp.app.get(OrphanBlobCollector).collect(fx.home.id);
    expect(await tenantQuery(testApp.db, fx.home.id, 'SELECT 1 FROM storage_reservations')).toEqual(
      [],
    );
  });

  it('collects orphan blobs (a process killed after storing, before committing) and keeps the rest', async () => {
    const kept = await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/kept.bin', 'kept');
    const orphan = `files/${randomUUID()}`;
    const storage = testApp.app.get(ObjectStorage);
    await storage.putObject(
      `foyer-hh-${fx.home.id}`,
      orphan,
      Readable.from([Buffer.from('orphan')]),
    );
    const collector = testApp.app.get(OrphanBlobCollector);
    // Younger than an hour: left alone (an upload may be about to commit it).
    expect(await collector.collect(fx.home.id)).toBe(0);
    expect(await blobKeys()).toContain(orphan);
    // Seen from an hour later, it is an orphan.
    expect(await collector.collect(fx.home.id, new Date(Date.now() + 60_000))).toBe(1);
    const keys = await blobKeys();
    expect(keys).not.toContain(orphan);
    expect(keys).toHaveLength(1);
    const download = await request(testApp.server)
      .get(filesUrl(fx.home.id, `/content${pathQuery('/Documents/kept.bin')}`))
      .set(fx.owner.auth)
      .buffer(true);
    expect(sha256(String(download.text ?? download.body))).toBe(kept.sha256);
    expect(await collector.collectAll(new Date(Date.now() + 60_000))).toBe(0);
  });

  it('runs the collector as the files.collect-orphans job through the queue', async () => {
    await tenantQuery(
      testApp.db,
      fx.home.id,
      `INSERT INTO storage_reservations (household_id, bytes, expires_at)
       VALUES ($1, 10, now() - interval '1 second')`,
      [fx.home.id],
    );
    await testApp.app.get(JobQueue).enqueue(JobName.CollectOrphanBlobs, {});
    await until(
      async () =>
        (await tenantQuery(testApp.db, fx.home.id, 'SELECT 1 FROM storage_reservations')).length ===
        0,
      'the job to drop the expired reservation',
    );
  });
});
