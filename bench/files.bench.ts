/**
 * `npm run bench:files`: a 1 GiB file uploaded and downloaded through the HTTP API, against the
 * same bytes written and read directly to the same object store, in the same run.
 *
 * Set-up: the built api (`foyer serve`, so `npm run build` first) in a child process, on a
 * fresh, migrated database of the local PostgreSQL server (the application role under
 * row-level security), with the in-process job queue and either the embedded default's DISK
 * object storage in a temporary FOYER_DATA_DIR or (`--storage s3`) the S3 driver against the
 * test harness's S3 server (s3rver, started here) — multipart uploads in 16 MiB parts, as in
 * hosted mode. The reference writes and reads the same bytes through the same driver class on the
 * same store. Everything on 127.0.0.1.
 *
 * Prints MB/s (10^6 bytes per second) of each transfer (best of the rounds), the ratios API /
 * direct (target ≥ 0.8), and the api process's peak RSS (VmHWM in /proc/<pid>/status, with its
 * RSS sampled meanwhile).
 *
 * Encryption at rest (decision 0016): the api always encrypts, so its figures include it. Beside
 * them, the same bytes written and read directly through the driver with and without the
 * envelope (EncryptingObjectStorage over the same driver, one fixed key), and a 1 MiB range in
 * the middle of the file read each way (best of RANGE_READS): targets encrypted ≥ 0.8× plaintext
 * throughput and an encrypted range under 2× its plaintext time.
 *
 * Arguments: `--mib N` (file size in MiB, default 1024), `--storage disk|s3` (default disk),
 * `--rounds N` (default 2), `--admin-url postgresql://...`. The 5 GB memory check of the files
 * issue is `--mib 5120 --rounds 1` (with each storage).
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
import { loadConfig } from '@foyer/core';
import { BucketKey, ObjectKeyring } from '@foyer/storage';
import { DiskObjectStorage } from '../libs/storage/src/disk-object-storage';
import { EncryptingObjectStorage } from '../libs/storage/src/encryption/encrypting-object-storage';
import { S3ObjectStorage } from '../libs/storage/src/s3-object-storage';
import { POSTGRES_ADMIN_URL, S3_ACCESS_KEY, S3_SECRET_KEY } from '../test/harness/harness-env';
import {
  benchDatabaseName,
  benchEnvironment,
  call,
  createDatabase,
  dropDatabase,
  signUpVerifiedUser,
  startBuiltApi,
  startS3Server,
  stopProcess,
} from './bench-support';

const MIB = 1024 * 1024;
/** A 1 MiB range takes milliseconds: the best of this many counts. */
const RANGE_READS = 20;

/** One key for every bucket: the envelope's cost without the households' database. */
class FixedKeyring extends ObjectKeyring {
  private readonly key = randomBytes(32);
  async keyFor(): Promise<BucketKey> {
    return { version: 1, key: this.key, acceptsPlaintext: false };
  }
  async reportIntegrityFailure(): Promise<void> {}
}

interface Options {
  mib: number;
  storage: 'disk' | 's3';
  rounds: number;
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { mib: 1024, storage: 'disk', rounds: 2, adminUrl: POSTGRES_ADMIN_URL };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--mib') options.mib = Number(value);
    else if (name === '--rounds') options.rounds = Number(value);
    else if (name === '--storage' && (value === 'disk' || value === 's3')) options.storage = value;
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name} ${value ?? ''}`);
  }
  if (!(options.mib >= 1)) throw new Error('--mib is a positive number');
  if (!(options.rounds >= 1)) throw new Error('--rounds is a positive number');
  return options;
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

/** A GET with Node's client, read to its end; fails unless the status and length are these. */
function nodeGet(
  url: URL,
  headers: Record<string, string>,
  status: number,
  length: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        if (res.statusCode !== status) reject(new Error(`GET: ${res.statusCode}`));
        const counter = sink();
        pipeline(res, counter).then(
          () => (counter.bytes === length ? resolve() : reject(new Error('GET: wrong size'))),
          reject,
        );
      })
      .on('error', reject);
  });
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
  const databaseName = benchDatabaseName();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-bench-files-'));
  console.log(
    `Files benchmark: ${options.mib} MiB, through the built api and directly, ${options.storage} object storage`,
  );
  const s3 =
    options.storage === 's3' ? await startS3Server(path.join(dataDir, 's3rver')) : undefined;
  const db = await createDatabase(options.adminUrl, databaseName);
  const env = {
    ...benchEnvironment(db, dataDir),
    ...(s3 && { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY, S3_SECRET_KEY }),
  };
  const config = loadConfig(env);
  const direct =
    config.storage.kind === 'disk'
      ? new DiskObjectStorage(config.storage.directory)
      : new S3ObjectStorage(config.storage);
  console.log(
    `Set-up: database ${databaseName}; objects ${config.storage.kind === 'disk' ? `in ${config.storage.directory}` : `on ${s3?.endpoint}`}\n`,
  );

  const { child, base } = await startBuiltApi(env);
  let peakSampledKb = 0;
  const sampler = setInterval(() => {
    if (child.pid) peakSampledKb = Math.max(peakSampledKb, statusKb(child.pid, 'VmRSS') || 0);
  }, 100);
  try {
    const { token } = await signUpVerifiedUser(base, db.ownerUrl);
    const created = await call(base, 'POST', '/api/v1/households', token, { name: 'Bench files' });
    const householdId = created.body.id as string;
    for (let i = 0; ; i++) {
      const state = await call(base, 'GET', `/api/v1/households/${householdId}`, token);
      if (state.body.status === 'active') break;
      if (i > 400) throw new Error('The household did not become active');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const baselineKb = statusKb(child.pid!, 'VmRSS');
    const block = randomBytes(MIB);
    const bucket = `foyer-hh-${householdId}`;
    const directKey = `bench/${randomUUID()}`;
    const encrypting = new EncryptingObjectStorage(direct, new FixedKeyring());
    const encryptedKey = `bench/${randomUUID()}`;
    const middle = Math.floor(bytes / 2) - MIB / 2 + 1234;
    const range = { start: middle, end: middle + MIB - 1 };
    const url = new URL(
      `${base}/api/v1/households/${householdId}/files/content?path=${encodeURIComponent('/Documents/bench.bin')}`,
    );

    // Each transfer runs `--rounds` times and the best time counts: the machine is shared, and the
    // page cache and other processes make single runs noisy.
    const best = {
      directWrite: Infinity,
      apiUpload: Infinity,
      directRead: Infinity,
      apiDownload: Infinity,
      apiDownloadNode: Infinity,
      encryptedWrite: Infinity,
      encryptedRead: Infinity,
    };
    for (let round = 0; round < options.rounds; round++) {
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
      const encryptedWriteTime = await timed(async () => {
        const stored = await encrypting.putObject(bucket, encryptedKey, source(options.mib, block));
        if (stored.size !== bytes) throw new Error('encrypted write: wrong size');
      });
      const encryptedReadTime = await timed(async () => {
        const counter = sink();
        await pipeline(await encrypting.getObject(bucket, encryptedKey), counter);
        if (counter.bytes !== bytes) throw new Error('encrypted read: wrong size');
      });
      best.encryptedWrite = Math.min(best.encryptedWrite, encryptedWriteTime);
      best.encryptedRead = Math.min(best.encryptedRead, encryptedReadTime);
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
      const apiDownloadNodeTime = await timed(() =>
        nodeGet(url, { Authorization: `Bearer ${token}` }, 200, bytes),
      );
      best.directWrite = Math.min(best.directWrite, directWriteTime);
      best.apiUpload = Math.min(best.apiUpload, apiUploadTime);
      best.directRead = Math.min(best.directRead, directReadTime);
      best.apiDownload = Math.min(best.apiDownload, apiDownloadTime);
      best.apiDownloadNode = Math.min(best.apiDownloadNode, apiDownloadNodeTime);
    }
    const ranges = { plaintext: Infinity, encrypted: Infinity, api: Infinity };
    for (let read = 0; read < RANGE_READS; read++) {
      for (const [name, storage, key] of [
        ['plaintext', direct, directKey],
        ['encrypted', encrypting, encryptedKey],
      ] as const) {
        const seconds = await timed(async () => {
          const counter = sink();
          await pipeline(await storage.getObject(bucket, key, range), counter);
          if (counter.bytes !== MIB) throw new Error(`${name} range: wrong size`);
        });
        ranges[name] = Math.min(ranges[name], seconds);
      }
      const apiSeconds = await timed(() =>
        nodeGet(
          url,
          { Authorization: `Bearer ${token}`, Range: `bytes=${range.start}-${range.end}` },
          206,
          MIB,
        ),
      );
      ranges.api = Math.min(ranges.api, apiSeconds);
    }
    const { directWrite, apiUpload, directRead, apiDownload, apiDownloadNode } = best;
    const hwmKb = statusKb(child.pid!, 'VmHWM');
    const rate = (seconds: number) => bytes / 1e6 / seconds;
    const row = (label: string, seconds: number) =>
      console.log(
        `${label.padEnd(34)} ${rate(seconds).toFixed(1).padStart(8)} MB/s  (${seconds.toFixed(2)} s)`,
      );
    row(`direct write (${direct.constructor.name})`, directWrite);
    row('api upload (PUT .../files/content)', apiUpload);
    row(`direct read (${direct.constructor.name})`, directRead);
    row('api download (GET, curl client)', apiDownload);
    row('api download (GET, Node client)', apiDownloadNode);
    row('direct write, encrypted', best.encryptedWrite);
    row('direct read, encrypted', best.encryptedRead);
    const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;
    console.log(
      `1 MiB range in the middle: plaintext ${ms(ranges.plaintext)}, encrypted ${ms(ranges.encrypted)}, ` +
        `api (encrypted, Node client) ${ms(ranges.api)}`,
    );
    console.log('');
    console.log(
      `encryption, write: ${(directWrite / best.encryptedWrite).toFixed(2)}× plaintext; read: ` +
        `${(directRead / best.encryptedRead).toFixed(2)}× plaintext (target >= 0.8)`,
    );
    console.log(
      `encryption, 1 MiB range: ${(ranges.encrypted / ranges.plaintext).toFixed(2)}× the plaintext time (target < 2)`,
    );
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
    await direct.removeObject(bucket, encryptedKey);
  } finally {
    clearInterval(sampler);
    await stopProcess(child);
    if (s3) await stopProcess(s3.child);
    if (direct instanceof S3ObjectStorage) direct.onApplicationShutdown();
    await dropDatabase(options.adminUrl, databaseName);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
