import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@foyer/core';
import { ObjectStorage } from '@foyer/storage';
import { createApiApplication } from '../../../apps/api/src/api-application';
import { uploadFile } from '../../factories/file.factory';
import { createUser } from '../../factories/user.factory';
import { S3_ACCESS_KEY, S3_SECRET_KEY, harness } from '../../harness/harness-env';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';
import { createActiveHousehold, tenantQuery } from '../households/provisioning-helpers';
import {
  downloadExport,
  ExportView,
  readZip,
  requestExport,
  waitForExport,
} from './export-helpers';

const FOYER = path.resolve(__dirname, '../../../bin/foyer.js');
const MiB = 1024 * 1024;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The api here takes no jobs: `foyer worker`, the built program in a child process, runs them,
 * as in hosted mode. The worker is killed (SIGKILL, no chance to clean up) while it writes an
 * archive; another worker takes the job over once Bull sees it stalled, and must still produce a
 * correct archive.
 */
describe('exports: a worker killed mid-export', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let app: NestExpressApplication;
  let server: Server;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const worker = spawn(process.execPath, [FOYER, 'worker'], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    const environment = harness();
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-killed-'));
    env = {
      FOYER_DATA_DIR: dataDir,
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_URL: db.appUrl,
      FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
      REDIS_URL: environment.redisUrl,
      FOYER_QUEUE_PREFIX: db.name,
      S3_ENDPOINT: environment.s3Endpoint,
      S3_ACCESS_KEY,
      S3_SECRET_KEY,
      SMTP_URL: `smtp://127.0.0.1:${environment.smtpPort}`,
      FOYER_PUBLIC_URL: 'http://foyer.test',
      FOYER_SIGNUP: 'open',
      LOG_LEVEL: 'silent',
    };
    app = await createApiApplication(
      loadConfig(env),
      { appUrl: db.appUrl },
      { consumeJobs: false },
    );
    await app.init();
    server = app.getHttpServer() as Server;
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await app?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is taken over by another worker, which writes the whole archive again', async () => {
    const first = startWorker();
    const testApp = { server, db };
    const owner = await createUser(testApp, { verified: true });
    const home = await createActiveHousehold(server, owner, 'Killed home');
    const payloads = [0, 1, 2].map(() => randomBytes(24 * MiB));
    for (const [index, payload] of payloads.entries()) {
      await uploadFile(testApp, owner, home.id, `/Photos/video-${index}.bin`, payload);
    }

    const { id } = await requestExport(server, owner, home.id);
    const seen = await waitForExport(server, owner, home.id, id, {
      until: ['running', 'ready'],
      timeoutMs: 30_000,
    });
    expect(seen.status).toBe('running');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atDeath = (await waitForExport(server, owner, home.id, id, {
      until: ['queued', 'running', 'ready'],
    })) as ExportView;
    // Killed before it could finish: not ready, and no archive under its key yet.
    expect(atDeath.status).toBe('running');

    startWorker();
    const view = await waitForExport(server, owner, home.id, id, { timeoutMs: 100_000 });
    const [row] = await tenantQuery<{ attempts: number; object_key: string }>(
      db,
      home.id,
      'SELECT attempts, object_key FROM exports WHERE id = $1',
      [id],
    );
    expect(row.attempts).toBe(2);
    const keys: string[] = [];
    for await (const key of app
      .get(ObjectStorage)
      .listKeys(`foyer-hh-${home.id}`, `exports/${id}/`)) {
      keys.push(key);
    }
    expect(keys).toEqual([row.object_key]);

    const archive = await downloadExport(server, owner, home.id, id);
    expect(archive.status).toBe(200);
    expect(sha256(archive.body)).toBe(view.sha256);
    const entries = await readZip(archive.body);
    expect(entries[entries.length - 1].path).toBe('manifest.json');
    for (const [index, payload] of payloads.entries()) {
      const entry = entries.find((e) => e.path === `files/Photos/video-${index}.bin`);
      expect(entry && sha256(entry.data)).toBe(sha256(payload));
    }
  }, 180_000);
});
