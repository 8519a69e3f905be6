/**
 * `npm run bench:import`: `foyer import` of a household archive — by default 20,000 files and
 * 2 GiB, the size of the export benchmark's household — with its throughput and the importing
 * process's peak RSS, beside `unzip` of the same archive to local disk in the same run.
 *
 * Set-up: the built program (`npm run build` first) in a child process, on a fresh, migrated
 * database of the local PostgreSQL server (the application role under row-level security), with
 * the embedded default's disk object storage in a temporary FOYER_DATA_DIR. The archive is the
 * one given with `--archive` (what `foyer export` wrote: a real export, with files.jsonl), or
 * one built here with yazl (bench:export keeps no archive to reuse): `--files` files in folders
 * of 100, `--mib` MiB in all, stored (as the export stores files), each listed in the manifest
 * with its SHA-256. The import verifies every
 * checksum, then writes every file: the archive is read twice. The reference, `unzip -q`, reads
 * it once and writes the files.
 *
 * Prints MB/s (10^6 bytes per second) of the import (archive bytes / wall time) and of unzip,
 * their ratio, and the import process's peak RSS (VmHWM, sampled from /proc/<pid>/status).
 *
 * Arguments: `--files N` (default 20000), `--mib N` (default 2048), `--archive <file>`,
 * `--admin-url postgresql://...`.
 *
 * Measured here (2 cores shared with other work): 20,000 files, 2 GiB — import
 * 44.2 s, 48.7 MB/s, peak RSS 298 MiB; unzip 9.6 s, 224.9 MB/s; ratio 0.22.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yazl from 'yazl';
import { POSTGRES_ADMIN_URL } from '../test/harness/harness-env';
import { benchDatabaseName, benchEnvironment, createDatabase, dropDatabase } from './bench-support';

const MIB = 1024 * 1024;
const BUILT_PROGRAM = path.resolve(__dirname, '..', 'bin', 'foyer.js');
const MTIME = new Date('2025-06-01T12:00:00Z');

interface Options {
  files: number;
  mib: number;
  archive?: string;
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { files: 20_000, mib: 2048, adminUrl: POSTGRES_ADMIN_URL };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--files') options.files = Number(value);
    else if (name === '--mib') options.mib = Number(value);
    else if (name === '--archive') options.archive = path.resolve(value);
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name}`);
  }
  return options;
}

/** One random block, each file a slice of it behind its own number: cheap, and no two alike. */
const BLOCK = randomBytes(4 * MIB);

function* contentOf(index: number, size: number): Generator<Buffer> {
  const header = Buffer.from(`file ${index}\n`);
  let left = size;
  const first = header.subarray(0, Math.min(header.length, left));
  yield first;
  left -= first.length;
  let offset = (index * 7919) % BLOCK.length;
  while (left > 0) {
    const take = Math.min(left, BLOCK.length - offset, MIB);
    yield BLOCK.subarray(offset, offset + take);
    left -= take;
    offset = (offset + take) % BLOCK.length;
  }
}

function sha256Of(index: number, size: number): string {
  const hash = createHash('sha256');
  for (const chunk of contentOf(index, size)) hash.update(chunk);
  return hash.digest('hex');
}

/** A foyer-export v1 archive with `files` files of `bytes` bytes in all (no files.jsonl). */
async function buildArchive(file: string, files: number, bytes: number): Promise<void> {
  const zip = new yazl.ZipFile();
  const entries: Record<string, unknown>[] = [];
  const add = (entryPath: string, data: Buffer): void => {
    zip.addBuffer(data, entryPath, { mtime: MTIME, compress: false });
    entries.push({
      path: entryPath,
      type: 'file',
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      modifiedAt: MTIME.toISOString(),
    });
  };
  add(
    'household.json',
    Buffer.from(JSON.stringify({ name: 'Bench', slug: 'bench', settings: {} })),
  );
  add(
    'members.json',
    Buffer.from(
      JSON.stringify([
        { id: 'bench-owner', email: 'bench@example.com', displayName: 'Bench', role: 'owner' },
      ]),
    ),
  );
  const folder = (entryPath: string): void => {
    zip.addEmptyDirectory(entryPath, { mtime: MTIME });
    entries.push({
      path: entryPath,
      type: 'folder',
      size: 0,
      sha256: createHash('sha256').digest('hex'),
      modifiedAt: MTIME.toISOString(),
    });
  };
  folder('files/');
  const base = Math.floor(bytes / files);
  for (let index = 0; index < files; index++) {
    if (index % 100 === 0) folder(`files/folder-${index / 100}/`);
    const size = index === files - 1 ? bytes - base * (files - 1) : base;
    const entryPath = `files/folder-${Math.floor(index / 100)}/file-${index}.bin`;
    zip.addReadStream(Readable.from(contentOf(index, size)), entryPath, {
      mtime: MTIME,
      compress: false,
      size,
    });
    entries.push({
      path: entryPath,
      type: 'file',
      size,
      sha256: sha256Of(index, size),
      modifiedAt: MTIME.toISOString(),
    });
  }
  const manifest = {
    format: 'foyer-export',
    version: 1,
    createdAt: MTIME.toISOString(),
    generator: 'bench:import',
    household: { id: '6a0c2b1e-9d3f-4c55-8e21-7b4a6f0d9c11', name: 'Bench', slug: 'bench' },
    scope: { kind: 'household' },
    counts: {
      entries: entries.length,
      files: entries.filter((entry) => entry.type === 'file').length,
      folders: entries.filter((entry) => entry.type === 'folder').length,
      bytes: entries.reduce((sum, entry) => sum + (entry.size as number), 0),
    },
    sections: { household: { members: 1 }, files: {} },
    entries,
    changedDuringExport: [],
  };
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json', { mtime: MTIME });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Runs a command, sampling its peak RSS (VmHWM) until it exits. */
async function timed(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; peakRssMib: number; code: number | null; output: string }> {
  const started = performance.now();
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peakKib = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKib = Math.max(peakKib, Number(hwm[1]));
    } catch {
      // Gone already.
    }
  };
  const sampler = setInterval(sample, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  return {
    seconds: (performance.now() - started) / 1000,
    peakRssMib: peakKib / 1024,
    code,
    output,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(path.resolve(__dirname, '..', 'dist', 'apps', 'cli'))) {
    throw new Error('The benchmark runs the built program: run `npm run build` first');
  }
  const work = mkdtempSync(path.join(tmpdir(), 'foyer-bench-import-'));
  const name = benchDatabaseName();
  try {
    let archive = options.archive;
    if (!archive) {
      archive = path.join(work, 'bench.zip');
      const started = performance.now();
      await buildArchive(archive, options.files, options.mib * MIB);
      console.log(
        `Built ${archive}: ${options.files} files, ${options.mib} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const archiveBytes = statSync(archive).size;
    const db = await createDatabase(options.adminUrl, name);
    const dataDir = path.join(work, 'data');
    const env = benchEnvironment(db, dataDir);

    const imported = await timed(
      process.execPath,
      [BUILT_PROGRAM, 'import', archive, '--owner', 'bench@example.com'],
      env,
    );
    if (imported.code !== 0) throw new Error(`foyer import failed:\n${imported.output}`);
    const unzipDir = path.join(work, 'unzipped');
    const unzipped = await timed('unzip', ['-q', archive, '-d', unzipDir], {});
    if (unzipped.code !== 0) throw new Error(`unzip failed:\n${unzipped.output}`);

    const mbps = (seconds: number): number => archiveBytes / 1e6 / seconds;
    console.log(`archive: ${(archiveBytes / MIB).toFixed(0)} MiB`);
    console.log(
      `foyer import: ${imported.seconds.toFixed(1)} s, ${mbps(imported.seconds).toFixed(1)} MB/s, peak RSS ${imported.peakRssMib.toFixed(0)} MiB`,
    );
    console.log(
      `unzip -q (reference): ${unzipped.seconds.toFixed(1)} s, ${mbps(unzipped.seconds).toFixed(1)} MB/s`,
    );
    console.log(
      `ratio import / unzip throughput: ${(unzipped.seconds / imported.seconds).toFixed(2)}`,
    );
  } finally {
    await dropDatabase(options.adminUrl, name).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
