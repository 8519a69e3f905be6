import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import request from 'supertest';
import * as yauzl from 'yauzl';
import type { ExportManifest } from '@foyer/portability';
import { binaryParser } from '../../factories/file.factory';
import type { TestUser } from '../../factories/user.factory';

export interface ExportView {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  scope: 'household' | 'member';
  requestedBy: string | null;
  progress: { entriesDone: number; entryTotal: number; bytesDone: number; byteTotal: number };
  size: number | null;
  sha256: string | null;
  createdAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  error: string | null;
}

export interface ZipEntryRead {
  path: string;
  isFolder: boolean;
  data: Buffer;
  modifiedAt: Date;
  /** 0 stored, 8 deflated. */
  compressionMethod: number;
}

export function exportsUrl(hid: string, rest = ''): string {
  return `/api/v1/households/${hid}/exports${rest}`;
}

/** `POST .../exports` as `user`; fails unless it answers 202. */
export async function requestExport(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  hid: string,
  scope?: 'household' | 'member',
): Promise<{ id: string; status: string }> {
  const response = await request(server)
    .post(exportsUrl(hid))
    .set(user.auth)
    .send(scope ? { scope } : {});
  if (response.status !== 202) {
    throw new Error(`POST exports answered ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as { id: string; status: string };
}

/**
 * Polls `GET .../exports/:id` until the export is ready (or failed, which fails the wait),
 * recording every answer so a test can look at the progress seen on the way.
 */
export async function waitForExport(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  hid: string,
  id: string,
  options: { timeoutMs?: number; seen?: ExportView[]; until?: ExportView['status'][] } = {},
): Promise<ExportView> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const until = options.until ?? ['ready'];
  for (;;) {
    const response = await request(server)
      .get(exportsUrl(hid, `/${id}`))
      .set(user.auth);
    if (response.status !== 200) {
      throw new Error(`GET export answered ${response.status} ${JSON.stringify(response.body)}`);
    }
    const view = response.body as ExportView;
    options.seen?.push(view);
    if (until.includes(view.status)) return view;
    if (view.status === 'failed') throw new Error(`The export failed: ${view.error}`);
    if (Date.now() > deadline) throw new Error(`Export ${id} is still ${view.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function downloadExport(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  hid: string,
  id: string,
  headers: Record<string, string> = {},
): Promise<request.Response & { body: Buffer }> {
  const response = await request(server)
    .get(exportsUrl(hid, `/${id}/download`))
    .set(user.auth)
    .set(headers)
    .buffer(true)
    .parse(binaryParser);
  return response as request.Response & { body: Buffer };
}

/** Every entry of a ZIP held in memory, in archive order, with its bytes (checked by yauzl's CRC). */
export function readZip(buffer: Buffer): Promise<ZipEntryRead[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      const entries: ZipEntryRead[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        const isFolder = entry.fileName.endsWith('/');
        const base = {
          path: entry.fileName,
          isFolder,
          modifiedAt: entry.getLastModDate(),
          compressionMethod: entry.compressionMethod,
        };
        if (isFolder) {
          entries.push({ ...base, data: Buffer.alloc(0) });
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ ...base, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

export function entryText(entries: readonly ZipEntryRead[], path: string): string {
  const entry = entries.find((candidate) => candidate.path === path);
  if (!entry) throw new Error(`No entry ${path} in the archive`);
  return entry.data.toString('utf8');
}

/** manifest.json of an archive on disk, as the archive holds it. */
export async function readManifest(file: string): Promise<ExportManifest> {
  const entries = await readZip(await readFile(file));
  return JSON.parse(entryText(entries, 'manifest.json')) as ExportManifest;
}

export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** `GET .../exports/:id/download`, the whole archive as bytes. */
export async function downloadArchive(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  hid: string,
  id: string,
): Promise<Buffer> {
  const response = await request(server)
    .get(exportsUrl(hid, `/${id}/download`))
    .set(user.auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return response.body as Buffer;
}
