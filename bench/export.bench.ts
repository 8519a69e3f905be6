/**
 * `npm run bench:export`: a household of 20,000 files and 2 GiB exported through the job path
 * (`POST /api/v1/households/:hid/exports`, the archive streamed into object storage), against
 * `zip -0 -r` of the same files laid out on local disk, in the same run.
 *
 * Set-up: the built program (`npm run build` first) in child processes on a fresh, migrated
 * database of the local PostgreSQL server (the application role under row-level security), in one
 * of two modes. `--mode embedded` (the default): `foyer serve` with the embedded default's drivers,
 * disk object storage in a temporary FOYER_DATA_DIR and the in-process job queue, so the api
 * process is also the worker. `--mode hosted`: `foyer serve` and a separate `foyer worker`, with
 * the S3 driver against the test harness's S3 server (blobs read over HTTP, the archive uploaded in
 * 16 MiB parts) and Bull on the local Redis; the worker is the process measured. The household is
 * filled through the REST API (folders, then `PUT .../files/content`, 8 at a time),
 * and every file is written with the same bytes under a local folder for the reference. Sizes are
 * mixed and deterministic: a few large files hold a third of the bytes, the rest spread with a
 * long tail (some empty), 100 files a folder in two levels of folders; contents are random
 * (incompressible), as photos and videos are.
 *
 * The export runs in a **fresh** process (stopped and started again after the filling), so that
 * its peak RSS (VmHWM in /proc/<pid>/status, RSS also sampled every 100 ms) is the export's and
 * start-up's, not the uploads'. It runs twice: with the Node options of `npm start` (or `npm run
 * start:worker`: the heap budget of docs/decisions/0014), then with Node's defaults, whose heap
 * limit follows the machine's memory (4 GiB here), for comparison. Export time is the job's own
 * (`readyAt - createdAt` of the export), as it would be seen by the person waiting for the mail.
 * Each archive is then downloaded and checked with ArchiveVerifier (structure, every SHA-256), so
 * a fast but wrong export cannot pass.
 *
 * Prints MB/s (10^6 bytes per second of the household's files) and files/s of the export and of
 * `zip -0 -r -q`, the ratio export/zip, the exporting process's peak RSS (both runs) and the
 * archive's size.
 *
 * Arguments: `--files N` (default 20000), `--mib N` (total MiB, default 2048), `--mode
 * embedded|hosted` (default embedded), `--admin-url postgresql://...`. Or the environment:
 * BENCH_EXPORT_FILES, BENCH_EXPORT_BYTES (bytes). For a quick run: `npm run bench:export --
 * --files 2000 --mib 200`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArchiveVerifier } from '@foyer/exports';
import {
  POSTGRES_ADMIN_URL,
  REDIS_URL,
  S3_ACCESS_KEY,
  S3_SECRET_KEY,
} from '../test/harness/harness-env';
import {
  benchDatabaseName,
  benchEnvironment,
  call,
  createDatabase,
  dropDatabase,
  dropRedisKeys,
  signUpVerifiedUser,
  startBuiltApi,
  startBuiltWorker,
  startNodeOptions,
  startS3Server,
  stopProcess,
} from './bench-support';

const MIB = 1024 * 1024;
const POOL_BYTES = 16 * MIB;
const FILES_PER_FOLDER = 100;
const FOLDERS_PER_GROUP = 10;
const UPLOAD_CONCURRENCY = 8;

interface Options {
  files: number;
  bytes: number;
  mode: 'embedded' | 'hosted';
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const files = Number(process.env.BENCH_EXPORT_FILES ?? 20_000);
  const bytes = Number(process.env.BENCH_EXPORT_BYTES ?? 2048 * MIB);
  const options: Options = { files, bytes, mode: 'embedded', adminUrl: POSTGRES_ADMIN_URL };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--files') options.files = Number(value);
    else if (name === '--mib') options.bytes = Number(value) * MIB;
    else if (name === '--mode' && (value === 'embedded' || value === 'hosted'))
      options.mode = value;
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name} ${value ?? ''}`);
  }
  if (!(options.files >= 10)) throw new Error('--files is at least 10');
  if (!(options.bytes >= options.files)) throw new Error('--mib is too small for --files');
  return options;
}

/** mulberry32: the same "random" sizes every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedFile {
  apiPath: string;
  size: number;
  /** Where its bytes start in the random pool (they wrap around). */
  offset: number;
}

/** Sizes adding up to exactly `bytes`: four large files with a third, the rest long-tailed. */
function planFiles(count: number, bytes: number): { folders: string[]; files: PlannedFile[] } {
  const random = prng(20260301);
  const large = Math.min(4, Math.floor(count / 10));
  const largeBytes = Math.floor(bytes / 3);
  const weights = Array.from({ length: count - large }, (_, i) =>
    // Every 500th file is empty; the others follow a long tail (e^(0..6)).
    i % 500 === 499 ? 0 : Math.exp(6 * random()),
  );
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const sizes = weights.map((w) => Math.floor(((bytes - largeBytes) * w) / weightSum));
  for (let i = 0; i < large; i++) sizes.push(Math.floor(largeBytes / large));
  // What the rounding lost goes to the last file, so the total is exact.
  sizes[sizes.length - 1] += bytes - sizes.reduce((sum, s) => sum + s, 0);

  const folderCount = Math.max(1, Math.ceil(count / FILES_PER_FOLDER));
  const folders = Array.from(
    { length: folderCount },
    (_, i) =>
      `/Bench/group ${String(Math.floor(i / FOLDERS_PER_GROUP)).padStart(3, '0')}/folder ${String(i).padStart(4, '0')}`,
  );
  const files = sizes.map((size, i) => ({
    apiPath: `${folders[i % folderCount]}/file ${String(i).padStart(5, '0')}.bin`,
    size,
    offset: Math.floor(random() * POOL_BYTES),
  }));
  return { folders, files };
}

/** A file's bytes: the pool from its offset, wrapping, in pieces of at most 1 MiB. */
function* bytesOf(pool: Buffer, file: PlannedFile): Generator<Buffer> {
  let left = file.size;
  let at = file.offset;
  while (left > 0) {
    const length = Math.min(left, MIB, pool.length - at);
    yield pool.subarray(at, at + length);
    left -= length;
    at = (at + length) % pool.length;
  }
}

function upload(base: string, token: string, hid: string, pool: Buffer, file: PlannedFile) {
  const url = new URL(
    `${base}/api/v1/households/${hid}/files/content?path=${encodeURIComponent(file.apiPath)}`,
  );
  return new Promise<void>((resolve, reject) => {
    const req = http.request(url, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(file.size),
      },
    });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        res.statusCode === 201
          ? resolve()
          : reject(new Error(`upload ${file.apiPath}: ${res.statusCode} ${Buffer.concat(parts)}`)),
      );
    });
    req.on('error', reject);
    Readable.from(bytesOf(pool, file)).pipe(req);
  });
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return match ? Number(match[1]) : NaN;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

async function download(url: string, token: string, file: string): Promise<void> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`download: ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
}

const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;

/** The V8 heap limit Node gives itself on this machine when nothing is said. */
function heapSizeLimitMib(): number {
  return getHeapStatistics().heap_size_limit / MIB;
}

interface ExportRun {
  exportSeconds: number;
  polledSeconds: number;
  baselineKb: number;
  hwmKb: number;
  sampledKb: number;
  archiveBytes: number;
  entries: number;
  files: number;
  verifySeconds: number;
}

/** The filled household, and how and where to run Foyer on it. */
interface BenchHousehold {
  env: Record<string, string>;
  mode: Options['mode'];
  hid: string;
  token: string;
  /** The run's temporary folder: the downloaded archive and the worker's heartbeat go there. */
  work: string;
}

/** Where a worker writes its heartbeat (its readiness signal here). */
const heartbeatIn = (work: string): string => path.join(work, 'worker-heartbeat');

/**
 * One export in a fresh process started with `nodeOptions` (the api, or in hosted mode the worker
 * beside an api started as `npm start` runs it): its time, that process's peak RSS, and proof
 * that what was measured is a whole, correct archive.
 */
async function measureExport(
  { env, mode, hid, token, work }: BenchHousehold,
  nodeOptions: readonly string[],
): Promise<ExportRun> {
  const hosted = mode === 'hosted';
  const archive = path.join(work, 'export.zip');
  const api = await startBuiltApi(env, hosted ? startNodeOptions() : nodeOptions);
  const worker = hosted
    ? await startBuiltWorker(env, heartbeatIn(work), nodeOptions).catch(async (error) => {
        await stopProcess(api.child);
        throw error;
      })
    : undefined;
  try {
    const pid = (worker ?? api).child.pid!;
    const baselineKb = statusKb(pid, 'VmRSS');
    let sampledKb = baselineKb;
    const sampler = setInterval(() => {
      sampledKb = Math.max(sampledKb, statusKb(pid, 'VmRSS') || 0);
    }, 100);
    let exported: Record<string, unknown>;
    const exportStarted = performance.now();
    try {
      const asked = await call(api.base, 'POST', `/api/v1/households/${hid}/exports`, token, {});
      if (asked.status !== 202) {
        throw new Error(`POST exports: ${asked.status} ${JSON.stringify(asked.body)}`);
      }
      const id = asked.body.id as string;
      for (;;) {
        const state = await call(api.base, 'GET', `/api/v1/households/${hid}/exports/${id}`, token);
        if (state.body.status === 'ready') {
          exported = state.body;
          break;
        }
        if (state.body.status === 'failed' || state.status !== 200) {
          throw new Error(`The export failed: ${JSON.stringify(state.body)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      clearInterval(sampler);
    }
    const polledSeconds = (performance.now() - exportStarted) / 1000;
    const hwmKb = statusKb(pid, 'VmHWM');
    const exportSeconds =
      (Date.parse(exported.readyAt as string) - Date.parse(exported.createdAt as string)) / 1000;

    await download(
      `${api.base}/api/v1/households/${hid}/exports/${exported.id as string}/download`,
      token,
      archive,
    );
    const verifyStarted = performance.now();
    const report = await new ArchiveVerifier().verify(archive);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (!report.ok) {
      throw new Error(`The archive is not valid: ${JSON.stringify(report.problems.slice(0, 5))}`);
    }
    return {
      exportSeconds,
      polledSeconds,
      baselineKb,
      hwmKb,
      sampledKb,
      archiveBytes: statSync(archive).size,
      entries: report.counts.entries,
      files: report.counts.files,
      verifySeconds,
    };
  } finally {
    if (worker) await stopProcess(worker.child);
    await stopProcess(api.child);
    rmSync(archive, { force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { folders, files } = planFiles(options.files, options.bytes);
  const databaseName = benchDatabaseName();
  const work = mkdtempSync(path.join(tmpdir(), 'foyer-bench-export-'));
  const dataDir = path.join(work, 'data');
  const localTree = path.join(work, 'local');
  console.log(
    `Export benchmark: ${files.length} files, ${(options.bytes / MIB).toFixed(0)} MiB, ` +
      `${folders.length} folders, ${options.mode} mode; the job path against zip -0 -r`,
  );
  const hosted = options.mode === 'hosted';
  const s3 = hosted ? await startS3Server(path.join(work, 's3rver')) : undefined;
  const db = await createDatabase(options.adminUrl, databaseName);
  const env = {
    ...benchEnvironment(db, dataDir),
    // The database's name keeps this run's queues apart from any other user of that Redis.
    ...(s3 && {
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY,
      S3_SECRET_KEY,
      REDIS_URL,
      FOYER_QUEUE_PREFIX: databaseName,
    }),
  };
  const objects = s3 ? `objects on ${s3.endpoint}` : 'objects';
  console.log(`Set-up: database ${databaseName}; ${objects} and local copy under ${work}`);

  const api = await startBuiltApi(env);
  // Hosted mode: the household is provisioned by a job, so a worker runs during the filling too.
  let fillWorker: { child: ChildProcess } | undefined;
  try {
    if (hosted) fillWorker = await startBuiltWorker(env, heartbeatIn(work));
    const { token } = await signUpVerifiedUser(api.base, db.ownerUrl);
    const created = await call(api.base, 'POST', '/api/v1/households', token, {
      name: 'Bench export',
    });
    const hid = created.body.id as string;
    for (let i = 0; ; i++) {
      const state = await call(api.base, 'GET', `/api/v1/households/${hid}`, token);
      if (state.body.status === 'active') break;
      if (i > 400) throw new Error('The household did not become active');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    // Filling: the same bytes into the household (REST API) and under the local folder.
    const pool = randomBytes(POOL_BYTES);
    const fillStarted = performance.now();
    for (const folder of folders) {
      const made = await call(api.base, 'POST', `/api/v1/households/${hid}/files/folders`, token, {
        path: folder,
      });
      if (made.status !== 201) throw new Error(`folder ${folder}: ${made.status}`);
      mkdirSync(path.join(localTree, folder), { recursive: true });
    }
    let done = 0;
    await inParallel(files, UPLOAD_CONCURRENCY, async (file) => {
      await upload(api.base, token, hid, pool, file);
      await pipeline(
        Readable.from(bytesOf(pool, file)),
        createWriteStream(path.join(localTree, file.apiPath)),
      );
      if (++done % 2000 === 0) console.log(`  filled ${done}/${files.length}`);
    });
    console.log(
      `Filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s; restarting the api for the export\n`,
    );

    // The reference: zip -0 -r of the same tree, from the local disk, to the local disk.
    const referenceZip = path.join(work, 'reference.zip');
    const zipStarted = performance.now();
    await run('zip', ['-0', '-r', '-q', referenceZip, 'Bench'], localTree);
    const zipSeconds = (performance.now() - zipStarted) / 1000;

    // The export, in a fresh process (the api, which in the embedded default is also the
    // worker, or the hosted worker): as npm runs it, then with Node's own defaults for comparison.
    await stopProcess(api.child);
    if (fillWorker) await stopProcess(fillWorker.child);
    const runs: ExportRun[] = [];
    const script = hosted ? 'start:worker' : 'start';
    const npmCommand = hosted ? 'npm run start:worker' : 'npm start';
    for (const [label, nodeOptions] of [
      [`as ${npmCommand} runs it`, startNodeOptions(script)],
      ["with Node's default heap sizing", []],
    ] as const) {
      runs.push(await measureExport({ env, mode: options.mode, hid, token, work }, nodeOptions));
      console.log(`  measured the export ${label}`);
    }

    const mbps = (seconds: number) => (options.bytes / 1e6 / seconds).toFixed(1);
    const fps = (seconds: number) => (files.length / seconds).toFixed(0);
    const row = (label: string, seconds: number, extra = '') =>
      console.log(
        `${label.padEnd(36)} ${mbps(seconds).padStart(8)} MB/s ${fps(seconds).padStart(7)} files/s  (${seconds.toFixed(2)} s)${extra}`,
      );
    const [started, defaults] = runs;
    row(
      'export job (POST .../exports → ready)',
      started.exportSeconds,
      `, polled ${started.polledSeconds.toFixed(2)} s`,
    );
    row('zip -0 -r -q (local disk)', zipSeconds);
    console.log('');
    console.log(
      `throughput ratio export/zip: ${(zipSeconds / started.exportSeconds).toFixed(2)} ` +
        '(the export also hashes every file, writes files.jsonl and the manifest, and reads from object storage)',
    );
    const measured = hosted ? 'worker process (foyer worker)' : 'api process (foyer serve)';
    console.log(
      `${measured} peak RSS (VmHWM), node ${startNodeOptions(script).join(' ')} as ${npmCommand}: ` +
        `${mib(started.hwmKb)} (after start-up ${mib(started.baselineKb)}; highest sampled RSS ${mib(started.sampledKb)})`,
    );
    console.log(
      `  the same with Node's default heap sizing (${(heapSizeLimitMib() / 1024).toFixed(1)} GiB ` +
        `heap limit on this machine): ${mib(defaults.hwmKb)} (after start-up ${mib(defaults.baselineKb)}), ` +
        `export ${defaults.exportSeconds.toFixed(2)} s`,
    );
    console.log(
      `archive: ${(started.archiveBytes / MIB).toFixed(0)} MiB, ${started.entries} entries ` +
        `(${started.files} files); zip -0: ${(statSync(referenceZip).size / MIB).toFixed(0)} MiB`,
    );
    console.log(
      `ArchiveVerifier on the downloaded archives: ok, ${started.verifySeconds.toFixed(2)} s ` +
        `(${mbps(started.verifySeconds)} MB/s)`,
    );
  } finally {
    if (fillWorker) await stopProcess(fillWorker.child);
    await stopProcess(api.child);
    if (s3) await stopProcess(s3.child);
    if (hosted) await dropRedisKeys(REDIS_URL, databaseName);
    await dropDatabase(options.adminUrl, databaseName);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
