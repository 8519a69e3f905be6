/**
 * `npm run bench:files`: a 1 GiB file uploaded and downloaded through the HTTP API, against the
 * same bytes written and read directly to the same object store, in the same run.
 *
 * Set-up: the api in a child process (as `createApiApplication` builds it for `foyer serve`),
 * on a fresh, migrated database of the local PostgreSQL server (the application role under
 * row-level security), with the embedded default's drivers: the DISK object storage in a
 * temporary FOYER_DATA_DIR (the reference uses the same DiskObjectStorage on the same
 * directory) and the in-process job queue. Everything on 127.0.0.1.
 *
 * Prints MB/s (10^6 bytes per second) of each transfer (best of two rounds), the ratios API / direct (target ≥ 0.8),
 * and the api process's peak RSS (VmHWM in /proc/<pid>/status, with its RSS sampled meanwhile).
 *
 * Arguments: `--mib N` (file size in MiB, default 1024), `--admin-url postgresql://...`.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { loadConfig, runMigrations } from '@foyer/core';
import { DiskObjectStorage } from '../libs/storage/src/disk-object-storage';
import { POSTGRES_ADMIN_URL } from '../test/harness/harness-env';

const OWNER_ROLE = 'foyer_bench_owner';
const APP_ROLE = 'foyer_bench_app';
const MIB = 1024 * 1024;
const ROUNDS = 2;

function parseOptions(argv: string[]): { mib: number; adminUrl: string } {
  const options = { mib: 1024, adminUrl: POSTGRES_ADMIN_URL };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--mib') options.mib = Number(value);
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name}`);
  }
  if (!(options.mib >= 1)) throw new Error('--mib is a positive number');
  return options;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, role: string | undefined, database: string): string {
  const url = new URL(adminUrl);
  if (role) {
    url.username = role;
    url.password = '';
  }
  url.pathname = `/${database}`;
  return url.toString();
}

async function createDatabase(adminUrl: string, name: string) {
  await withClient(adminUrl, async (admin) => {
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!exists.rowCount) {
        await admin
          .query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`)
          .catch((error: { code?: string }) => {
            if (error.code !== '42710' && error.code !== '23505') throw error;
          });
      }
    }
    await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}`);
  });
  await withClient(databaseUrl(adminUrl, undefined, name), async (superuser) => {
    await superuser.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
    await superuser.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  });
  const ownerUrl = databaseUrl(adminUrl, OWNER_ROLE, name);
  await runMigrations(ownerUrl, APP_ROLE);
  return { ownerUrl, appUrl: databaseUrl(adminUrl, APP_ROLE, name) };
}

/** The same bytes every time: a random MiB, repeated. */
function source(mib: number, block: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < mib; i++) yield block;
    })(),
    { objectMode: false },
  );
}

/** Reads a stream to its end, counting bytes. */
function sink(): Writable & { bytes: number } {
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writable.bytes += chunk.length;
      callback();
    },
  }) as Writable & { bytes: number };
  writable.bytes = 0;
  return writable;
}

async function json(
  base: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  return work().then(() => (performance.now() - started) / 1000);
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return match ? Number(match[1]) : NaN;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const bytes = options.mib * MIB;
  const databaseName = `foyer_bench_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-bench-files-'));
  console.log(
    `Files benchmark: ${options.mib} MiB, through the api and directly, disk object storage`,
  );
  const db = await createDatabase(options.adminUrl, databaseName);
  const env = {
    FOYER_DATA_DIR: dataDir,
    DATABASE_URL: db.ownerUrl,
    DATABASE_APP_URL: db.appUrl,
    FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
    FOYER_SIGNUP: 'open',
    LOG_LEVEL: 'silent',
  };
  const config = loadConfig(env);
  if (config.storage.kind !== 'disk') throw new Error('The benchmark expects the disk driver');
  console.log(`Set-up: database ${databaseName}; objects in ${config.storage.directory}\n`);

  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      path.join(__dirname, 'files-api-server.ts'),
    ],
    {
      env: { ...process.env, FOYER_BENCH_ENV: JSON.stringify(env) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let peakSampledKb = 0;
  const sampler = setInterval(() => {
    if (child.pid) peakSampledKb = Math.max(peakSampledKb, statusKb(child.pid, 'VmRSS') || 0);
  }, 100);
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`The api exited (${code}) before it was ready`)),
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('READY ')) resolve(line.slice(6).trim());
      });
    });
    const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
    const password = `Bench-${randomBytes(12).toString('base64url')}`;
    const signup = await json(base, 'POST', '/api/v1/auth/signup', undefined, {
      email,
      password,
      displayName: 'Bench',
    });
    if (signup.status !== 201)
      throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.body)}`);
    await withClient(db.ownerUrl, (client) =>
      client.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [signup.body.id]),
    );
    const login = await json(base, 'POST', '/api/v1/auth/login', undefined, { email, password });
    const token = login.body.accessToken as string;
    const created = await json(base, 'POST', '/api/v1/households', token, { name: 'Bench files' });
    const householdId = created.body.id as string;
    for (let i = 0; ; i++) {
      const state = await json(base, 'GET', `/api/v1/households/${householdId}`, token);
      if (state.body.status === 'active') break;
      if (i > 400) throw new Error('The household did not become active');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const baselineKb = statusKb(child.pid!, 'VmRSS');
    const block = randomBytes(MIB);
    const bucket = `foyer-hh-${householdId}`;
    const direct = new DiskObjectStorage(config.storage.directory);
    const directKey = `bench/${randomUUID()}`;
    const url = new URL(
      `${base}/api/v1/households/${householdId}/files/content?path=${encodeURIComponent('/Documents/bench.bin')}`,
    );

    // Each transfer runs ROUNDS times and the best time counts: the machine is shared, and the
    // page cache and other processes make single runs noisy.
    const best = {
      directWrite: Infinity,
      apiUpload: Infinity,
      directRead: Infinity,
      apiDownload: Infinity,
      apiDownloadNode: Infinity,
    };
    for (let round = 0; round < ROUNDS; round++) {
      const directWriteTime = await timed(async () => {
        const stored = await direct.putObject(bucket, directKey, source(options.mib, block));
        if (stored.size !== bytes) throw new Error('direct write: wrong size');
      });
      const apiUploadTime = await timed(
        () =>
          new Promise<void>((resolve, reject) => {
            const req = http.request(url, {
              method: 'PUT',
              headers: {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/octet-stream',
                'Content-Length': String(bytes),
              },
            });
            req.on('response', (res) => {
              const parts: Buffer[] = [];
              res.on('data', (part: Buffer) => parts.push(part));
              res.on('end', () =>
                res.statusCode === 201 || res.statusCode === 200
                  ? resolve()
                  : reject(new Error(`upload: ${res.statusCode} ${Buffer.concat(parts)}`)),
              );
            });
            req.on('error', reject);
            source(options.mib, block).pipe(req);
          }),
      );
      const directReadTime = await timed(async () => {
        const counter = sink();
        await pipeline(await direct.getObject(bucket, directKey), counter);
        if (counter.bytes !== bytes) throw new Error('direct read: wrong size');
      });
      // The download's client is curl (writing to /dev/null), so that the figure is the server's
      // and not this process's HTTP parsing; Node's own client is measured beside it.
      const apiDownloadTime = await timed(
        () =>
          new Promise<void>((resolve, reject) => {
            const curl = spawn('curl', [
              '--silent',
              '--fail',
              '--output',
              '/dev/null',
              '--write-out',
              '%{size_download}',
              '--header',
              `Authorization: Bearer ${token}`,
              url.toString(),
            ]);
            let out = '';
            curl.stdout.on('data', (part: Buffer) => (out += part.toString()));
            curl.on('error', reject);
            curl.on('exit', (code) =>
              code === 0 && Number(out) === bytes
                ? resolve()
                : reject(new Error(`download (curl): exit ${code}, ${out} bytes`)),
            );
          }),
      );
      const apiDownloadNodeTime = await timed(
        () =>
          new Promise<void>((resolve, reject) => {
            http
              .get(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
                if (res.statusCode !== 200) reject(new Error(`download: ${res.statusCode}`));
                const counter = sink();
                pipeline(res, counter).then(
                  () =>
                    counter.bytes === bytes ? resolve() : reject(new Error('download: wrong size')),
                  reject,
                );
              })
              .on('error', reject);
          }),
      );
      best.directWrite = Math.min(best.directWrite, directWriteTime);
      best.apiUpload = Math.min(best.apiUpload, apiUploadTime);
      best.directRead = Math.min(best.directRead, directReadTime);
      best.apiDownload = Math.min(best.apiDownload, apiDownloadTime);
      best.apiDownloadNode = Math.min(best.apiDownloadNode, apiDownloadNodeTime);
    }
    const { directWrite, apiUpload, directRead, apiDownload, apiDownloadNode } = best;
    const hwmKb = statusKb(child.pid!, 'VmHWM');
    const rate = (seconds: number) => bytes / 1e6 / seconds;
    const row = (label: string, seconds: number) =>
      console.log(
        `${label.padEnd(34)} ${rate(seconds).toFixed(1).padStart(8)} MB/s  (${seconds.toFixed(2)} s)`,
      );
    row('direct write (DiskObjectStorage)', directWrite);
    row('api upload (PUT .../files/content)', apiUpload);
    row('direct read (DiskObjectStorage)', directRead);
    row('api download (GET, curl client)', apiDownload);
    row('api download (GET, Node client)', apiDownloadNode);
    console.log('');
    console.log(
      `upload ratio api/direct:   ${(directWrite / apiUpload).toFixed(2)} (target >= 0.8)`,
    );
    console.log(
      `download ratio api/direct: ${(directRead / apiDownload).toFixed(2)} (target >= 0.8)`,
    );
    console.log(
      `api process peak RSS (VmHWM): ${(hwmKb / 1024).toFixed(0)} MiB (after start-up ${(baselineKb / 1024).toFixed(0)} MiB; ` +
        `highest sampled RSS ${(peakSampledKb / 1024).toFixed(0)} MiB)`,
    );
    await direct.removeObject(bucket, directKey);
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await withClient(options.adminUrl, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`),
    );
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
