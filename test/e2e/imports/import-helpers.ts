import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Server } from 'node:http';
import { pipeline } from 'node:stream/promises';
import request from 'supertest';
import * as yazl from 'yazl';
import { HouseholdArchiveWriter } from '@foyer/exports';
import type { ImportReport } from '@foyer/imports';
import type { ExportManifest } from '@foyer/portability';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createTestApp, type TestApp } from '../../harness/test-app';
import { ownerQuery } from '../../factories/owner-sql';
import { readManifest } from '../exports/export-helpers';

export interface HandEntry {
  path: string;
  data?: Buffer | string;
  /** Default 2025-01-02T03:04:05Z (whole seconds, as ZIP keeps them). */
  mtime?: Date;
  /** Unix mode (e.g. 0o120777 for a symlink). */
  mode?: number;
  compress?: boolean;
}

export interface HandArchiveOptions {
  /** Changes the manifest before it is written (to break it on purpose). */
  manifest?: (manifest: Record<string, unknown>) => void;
  members?: { id: string; email: string; displayName: string; role: string }[];
  slug?: string;
  name?: string;
  /** household.json's settings (default `{}`). */
  settings?: unknown;
  /**
   * Rewrites these bytes in the finished ZIP (same length), for names yazl refuses to write
   * (`..`): the archive is built with `from` and then says `to` everywhere.
   */
  patch?: { from: string; to: string };
}

const MTIME = new Date('2025-01-02T03:04:05Z');

/**
 * A foyer-export v1 archive built by hand with yazl, following the manifest type (manifest.json
 * last, every entry listed with size, SHA-256 and time): for archives the export would never
 * write, good and bad.
 */
export async function handArchive(
  file: string,
  entries: HandEntry[],
  options: HandArchiveOptions = {},
): Promise<void> {
  const zip = new yazl.ZipFile();
  const members = options.members ?? [
    {
      id: '11111111-1111-4111-8111-111111111111',
      email: 'owner@example.com',
      displayName: 'Owner',
      role: 'owner',
    },
  ];
  const all: HandEntry[] = [
    {
      path: 'household.json',
      data: JSON.stringify({
        name: options.name ?? 'Hand Made',
        slug: options.slug ?? 'hand-made',
        settings: options.settings ?? {},
      }),
    },
    { path: 'members.json', data: JSON.stringify(members) },
    ...entries,
  ];
  const listed = all.map((entry) => {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '');
    const folder = entry.path.endsWith('/');
    const mtime = entry.mtime ?? MTIME;
    if (folder) zip.addEmptyDirectory(entry.path, { mtime, mode: entry.mode });
    else
      zip.addBuffer(data, entry.path, {
        mtime,
        mode: entry.mode,
        compress: entry.compress ?? false,
      });
    return {
      path: entry.path,
      type: folder ? 'folder' : 'file',
      size: folder ? 0 : data.length,
      sha256: createHash('sha256')
        .update(folder ? Buffer.alloc(0) : data)
        .digest('hex'),
      modifiedAt: mtime.toISOString(),
    };
  });
  const manifest: Record<string, unknown> = {
    format: 'foyer-export',
    version: 1,
    createdAt: MTIME.toISOString(),
    generator: 'hand-made test archive',
    household: {
      id: '22222222-2222-4222-8222-222222222222',
      name: options.name ?? 'Hand Made',
      slug: options.slug ?? 'hand-made',
    },
    scope: { kind: 'household' },
    counts: {
      entries: listed.length,
      files: listed.filter((e) => e.type === 'file').length,
      folders: listed.filter((e) => e.type === 'folder').length,
      bytes: listed.reduce((sum, e) => sum + e.size, 0),
    },
    sections: { household: { members: members.length }, files: {} },
    entries: listed,
    changedDuringExport: [],
  };
  options.manifest?.(manifest);
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json', { mtime: MTIME });
  zip.end();
  if (!options.patch) {
    await pipeline(zip.outputStream, createWriteStream(file));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const from = Buffer.from(options.patch.from);
  const to = Buffer.from(options.patch.to);
  if (from.length !== to.length) throw new Error('patch: from and to must have the same length');
  for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at);
  writeFileSync(file, bytes);
}

/** The household's archive, as the export writes it. */
export async function exportHousehold(
  testApp: TestApp,
  householdId: string,
  file: string,
): Promise<ExportManifest> {
  await testApp.app
    .get(HouseholdArchiveWriter)
    .write(householdId, { kind: 'household' }, createWriteStream(file));
  return readManifest(file);
}

export interface ImportView {
  id: string;
  status: string;
  progress: Record<string, unknown>;
  report: ImportReport | null;
  error: { code: string; message: string; problems?: { code: string; path?: string }[] } | null;
}

/** Polls `GET /api/v1/imports/:id` until done or failed. */
export async function waitForImport(
  server: Server,
  admin: Pick<TestUser, 'auth'>,
  id: string,
  timeoutMs = 45_000,
): Promise<ImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request(server).get(`/api/v1/imports/${id}`).set(admin.auth);
    if (response.status !== 200) {
      throw new Error(
        `GET /imports/${id} answered ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    const view = response.body as ImportView;
    if (view.status === 'done' || view.status === 'failed') return view;
    if (Date.now() > deadline)
      throw new Error(`Import ${id} still ${view.status}: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The manifest's entries that describe the household's files, for comparing two exports. */
export function fileEntries(manifest: ExportManifest): string[] {
  return manifest.entries
    .filter((entry) => entry.path !== 'files/')
    .filter((entry) => entry.path.startsWith('files/') || entry.path.startsWith('trash/'))
    .map((entry) => `${entry.type} ${entry.path} ${entry.size} ${entry.sha256} ${entry.modifiedAt}`)
    .sort();
}

/** `POST /api/v1/imports[?owner=]` with the archive file as the raw body. */
export function postArchive(
  testApp: TestApp,
  user: Pick<TestUser, 'auth'>,
  file: string,
  owner?: string,
): request.Test {
  return request(testApp.server)
    .post(`/api/v1/imports${owner ? `?owner=${encodeURIComponent(owner)}` : ''}`)
    .set(user.auth)
    .set('Content-Type', 'application/zip')
    .send(readFileSync(file));
}

/** How many households and accounts the instance has: a refused import must change neither. */
export async function householdAndUserCounts(
  testApp: TestApp,
): Promise<{ households: number; users: number }> {
  const [row] = await ownerQuery<{ households: string; users: string }>(
    testApp.db,
    `SELECT (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM users) AS users`,
  );
  return { households: Number(row.households), users: Number(row.users) };
}

/** A refused import failed at its first attempt, before a household id was even chosen. */
export async function expectRefusedBeforeAnyHousehold(
  testApp: TestApp,
  importId: string,
): Promise<void> {
  const [record] = await ownerQuery<{ target_household_id: string | null; attempts: number }>(
    testApp.db,
    'SELECT target_household_id, attempts FROM imports WHERE id = $1',
    [importId],
  );
  expect(record).toEqual({ target_household_id: null, attempts: 1 });
}

export interface ImportSuite {
  testApp: TestApp;
  /** A verified account that posts the archives (the instance administrator's route). */
  admin: TestUser;
  /** A scratch folder for the suite's archives. */
  work: string;
}

/**
 * The setting of a suite of imports through the API: an app, a verified account to post archives
 * as, and a scratch folder, made before the suite and closed after it.
 */
export function importSuite(folderPrefix: string): ImportSuite {
  const suite = {} as ImportSuite;
  beforeAll(async () => {
    suite.testApp = await createTestApp();
    suite.admin = await createUser(suite.testApp, { verified: true });
    suite.work = mkdtempSync(path.join(tmpdir(), folderPrefix));
  });
  afterAll(async () => {
    await suite.testApp?.close();
    if (suite.work) rmSync(suite.work, { recursive: true, force: true });
  });
  return suite;
}
