import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ArchiveVerifier } from '@foyer/exports';
import { ObjectStorage } from '@foyer/storage';
import { OrphanBlobCollector } from '../../../libs/files/src/maintenance/orphan-blob-collector';
import { createFolder, filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createTestApp, TestApp } from '../../harness/test-app';
import { waitForMail } from '../../harness/mailbox';
import { FilesFixture, ownerWithHousehold } from '../files/files-fixture';
import { tenantQuery } from '../households/provisioning-helpers';
import {
  downloadExport,
  entryText,
  ExportView,
  jsonLines,
  readZip,
  requestExport,
  waitForExport,
  ZipEntryRead,
} from './export-helpers';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

interface ManifestJson {
  format: string;
  version: number;
  createdAt: string;
  household: { id: string; name: string; slug: string };
  scope: { kind: string };
  counts: { entries: number; files: number; folders: number; bytes: number };
  sections: Record<string, Record<string, unknown>>;
  entries: { path: string; type: string; size: number; sha256: string; modifiedAt: string }[];
  changedDuringExport: { path: string; change: string }[];
}

interface FilesLine {
  path: string;
  entry: string;
  id: string;
  type: string;
  size: number;
  sha256: string | null;
  mtime: string;
  author: string | null;
  trashed: boolean;
}

/** The archive's manifest, after checking it lists every other entry, in order, byte for byte. */
function checkedManifest(entries: readonly ZipEntryRead[]): ManifestJson {
  expect(entries[0].path).toBe('README.txt');
  expect(entries[entries.length - 1].path).toBe('manifest.json');
  const manifest = JSON.parse(entryText(entries, 'manifest.json')) as ManifestJson;
  expect(manifest.format).toBe('foyer-export');
  expect(manifest.version).toBe(1);
  const others = entries.slice(0, -1);
  expect(manifest.entries.map((entry) => entry.path)).toEqual(others.map((entry) => entry.path));
  for (const [index, entry] of others.entries()) {
    const listed = manifest.entries[index];
    expect({ path: listed.path, size: listed.size, sha256: listed.sha256 }).toEqual({
      path: entry.path,
      size: entry.data.length,
      sha256: sha256(entry.data),
    });
    expect(listed.type).toBe(entry.isFolder ? 'folder' : 'file');
  }
  expect(manifest.counts.entries).toBe(others.length);
  expect(manifest.counts.folders).toBe(others.filter((entry) => entry.isFolder).length);
  expect(manifest.counts.bytes).toBe(others.reduce((sum, entry) => sum + entry.data.length, 0));
  return manifest;
}

function entryAt(entries: readonly ZipEntryRead[], path: string): ZipEntryRead {
  const entry = entries.find((candidate) => candidate.path === path);
  if (!entry) throw new Error(`No ${path} among ${entries.map((e) => e.path).join(', ')}`);
  return entry;
}

/** What `foyer verify` says of the archive: its problems (none for a good archive). */
async function verifierProblems(testApp: TestApp, archive: Buffer): Promise<unknown[]> {
  const file = path.join(tmpdir(), `foyer-export-${randomBytes(6).toString('hex')}.zip`);
  await fs.writeFile(file, archive);
  try {
    const report = await testApp.app.get(ArchiveVerifier).verify(file);
    return [...report.problems];
  } finally {
    await fs.rm(file, { force: true });
  }
}

describe('exports: the household archive, from request to download', () => {
  let testApp: TestApp;
  let fx: FilesFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  beforeEach(async () => {
    fx = await ownerWithHousehold(testApp, 'Export home');
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function exportAndDownload(
    hid = fx.home.id,
  ): Promise<{ view: ExportView; archive: Buffer; entries: ZipEntryRead[] }> {
    const { id } = await requestExport(testApp.server, fx.owner, hid);
    const view = await waitForExport(testApp.server, fx.owner, hid, id);
    const response = await downloadExport(testApp.server, fx.owner, hid, id);
    expect(response.status).toBe(200);
    expect(await verifierProblems(testApp, response.body)).toEqual([]);
    return { view, archive: response.body, entries: await readZip(response.body) };
  }

  it('answers 202, shows progress, mails the requester, and serves the archive with ranges', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const small = 'hello, archive\n';
    const uploaded = await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/a.txt', small);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Photos/big.bin', big);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/empty.bin', '');
    await createFolder(testApp, fx.owner, fx.home.id, '/Empty/Deeper');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/gone.txt', 'in the trash');
    const trashed = await request(testApp.server)
      .delete(filesUrl(fx.home.id, pathQuery('/Documents/gone.txt')))
      .set(fx.owner.auth);
    expect(trashed.status).toBe(204);

    const created = await request(testApp.server)
      .post(`/api/v1/households/${fx.home.slug}/exports`)
      .set(fx.owner.auth)
      .send({});
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ id: expect.any(String), status: 'queued' });

    const seen: ExportView[] = [];
    const view = await waitForExport(testApp.server, fx.owner, fx.home.id, created.body.id, {
      seen,
    });
    expect(view).toMatchObject({ status: 'ready', scope: 'household', error: null });
    const [row] = await tenantQuery<{ attempts: number }>(
      testApp.db,
      fx.home.id,
      'SELECT attempts FROM exports WHERE id = $1',
      [view.id],
    );
    expect(row.attempts).toBe(1);
    expect(view.size).toBeGreaterThan(big.length);
    expect(view.progress.entriesDone).toBe(view.progress.entryTotal);
    expect(view.progress.bytesDone).toBe(view.progress.byteTotal);
    expect(view.progress.bytesDone).toBeGreaterThan(big.length);
    // Progress never goes backwards and never passes its total.
    for (const [index, step] of seen.entries()) {
      expect(step.progress.entriesDone).toBeLessThanOrEqual(
        Math.max(step.progress.entryTotal, step.progress.entriesDone),
      );
      if (index > 0 && seen[index - 1].status === step.status) {
        expect(step.progress.bytesDone).toBeGreaterThanOrEqual(seen[index - 1].progress.bytesDone);
      }
      if (step.status !== 'ready') expect(step.size).toBeNull();
    }
    const expires = new Date(view.expiresAt ?? 0).getTime() - new Date(view.readyAt ?? 0).getTime();
    expect(expires).toBe(7 * 24 * 60 * 60 * 1000);

    const mail = await waitForMail(fx.owner.email, { subject: /export .* is ready/ });
    expect(mail.links).toContain(
      `http://foyer.test/api/v1/households/${fx.home.slug}/exports/${view.id}/download`,
    );
    expect(mail.text).toContain(view.sha256);

    const full = await downloadExport(testApp.server, fx.owner, fx.home.id, view.id);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('application/zip');
    expect(full.headers['etag']).toBe(`"${view.sha256}"`);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="foyer-export-${fx.home.slug}-\\d{4}-\\d{2}-\\d{2}\\.zip"`),
    );
    expect(full.body.length).toBe(view.size);
    expect(sha256(full.body)).toBe(view.sha256);

    const head = await downloadExport(testApp.server, fx.owner, fx.home.id, view.id, {
      Range: 'bytes=0-99',
    });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-99/${view.size}`);
    expect(head.body).toEqual(full.body.subarray(0, 100));
    const rest = await downloadExport(testApp.server, fx.owner, fx.home.id, view.id, {
      Range: 'bytes=100-',
      'If-Range': `"${view.sha256}"`,
    });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([head.body, rest.body]).equals(full.body)).toBe(true);
    const stale = await downloadExport(testApp.server, fx.owner, fx.home.id, view.id, {
      Range: 'bytes=100-',
      'If-Range': '"not-this-one"',
    });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(view.size);
    const past = await request(testApp.server)
      .get(`/api/v1/households/${fx.home.id}/exports/${view.id}/download`)
      .set(fx.owner.auth)
      .set('Range', `bytes=${view.size}-`);
    expect(past.status).toBe(416);
    expect(past.body.code).toBe('EXPORT_RANGE_NOT_SATISFIABLE');
    expect(past.headers['content-range']).toBe(`bytes */${view.size}`);

    expect(await verifierProblems(testApp, full.body)).toEqual([]);
    const entries = await readZip(full.body);
    const manifest = checkedManifest(entries);
    expect(manifest.household).toEqual({
      id: fx.home.id,
      name: 'Export home',
      slug: fx.home.slug,
    });
    expect(manifest.changedDuringExport).toEqual([]);
    expect(entryAt(entries, 'files/Documents/a.txt').data.toString()).toBe(small);
    expect(entryAt(entries, 'files/Photos/big.bin').data.equals(big)).toBe(true);
    expect(entryAt(entries, 'files/Photos/big.bin').compressionMethod).toBe(0);
    expect(entryAt(entries, 'files/Documents/empty.bin').data.length).toBe(0);
    expect(entryAt(entries, 'files/Empty/Deeper/').isFolder).toBe(true);
    expect(entryAt(entries, 'trash/Documents/gone.txt').data.toString()).toBe('in the trash');
    expect(entries.some((entry) => entry.path === 'files/Documents/gone.txt')).toBe(false);
    // Modification times survive (the ZIP's UTC timestamp has whole seconds).
    expect(Math.floor(entryAt(entries, 'files/Documents/a.txt').modifiedAt.getTime() / 1000)).toBe(
      Math.floor(new Date(uploaded.modifiedAt).getTime() / 1000),
    );
    const order = entries.map((entry) => entry.path);
    expect(order.indexOf('household.json')).toBeLessThan(order.indexOf('files/'));
    expect(order.indexOf('files.jsonl')).toBeGreaterThan(order.indexOf('trash/Documents/gone.txt'));

    const lines = jsonLines<FilesLine>(entryText(entries, 'files.jsonl'));
    expect(lines.find((line) => line.path === '/Documents/a.txt')).toEqual(
      expect.objectContaining({
        entry: 'files/Documents/a.txt',
        id: uploaded.id,
        type: 'file',
        size: small.length,
        sha256: sha256(small),
        mtime: uploaded.modifiedAt,
        author: fx.owner.id,
        trashed: false,
      }),
    );
    expect(lines.find((line) => line.path === '/Documents/gone.txt')).toEqual(
      expect.objectContaining({ entry: 'trash/Documents/gone.txt', trashed: true }),
    );
    expect(lines.find((line) => line.path === '/Empty/Deeper')).toEqual(
      expect.objectContaining({ entry: 'files/Empty/Deeper/', type: 'folder', trashed: false }),
    );
    // Every file line matches its entry's bytes.
    for (const line of lines.filter((candidate) => candidate.type === 'file')) {
      expect({ path: line.path, sha256: sha256(entryAt(entries, line.entry).data) }).toEqual({
        path: line.path,
        sha256: line.sha256,
      });
    }
  });

  it('never writes secrets: members.json and household.json hold no hash, token or key', async () => {
    const { entries } = await exportAndDownload();
    checkedManifest(entries);
    const members = JSON.parse(entryText(entries, 'members.json')) as Record<string, unknown>[];
    expect(members).toEqual([
      {
        id: fx.owner.id,
        email: fx.owner.email,
        displayName: fx.owner.displayName,
        role: 'owner',
        joinedAt: expect.any(String),
      },
    ]);
    const [{ password_hash: hash }] = await ownerQuery<{ password_hash: string }>(
      testApp.db,
      'SELECT password_hash FROM users WHERE id = $1',
      [fx.owner.id],
    );
    const [{ wrapped_data_key: dataKey }] = await ownerQuery<{ wrapped_data_key: string }>(
      testApp.db,
      'SELECT wrapped_data_key FROM households WHERE id = $1',
      [fx.home.id],
    );
    expect(dataKey).toBeTruthy();
    for (const entry of entries.filter((candidate) => !candidate.path.startsWith('files/'))) {
      const text = entry.data.toString('utf8');
      expect({ path: entry.path, hash: text.includes(hash) }).toEqual({
        path: entry.path,
        hash: false,
      });
      expect({ path: entry.path, key: text.includes(dataKey) }).toEqual({
        path: entry.path,
        key: false,
      });
      expect({ path: entry.path, token: text.includes(fx.owner.accessToken) }).toEqual({
        path: entry.path,
        token: false,
      });
    }
    const household = JSON.parse(entryText(entries, 'household.json')) as Record<string, unknown>;
    expect(Object.keys(household).sort()).toEqual(
      ['createdAt', 'id', 'name', 'plan', 'settings', 'slug', 'status'].sort(),
    );
    const secretish = /hash|token|secret|password|wrapped|key/i;
    for (const member of members) {
      expect(Object.keys(member).filter((key) => secretish.test(key))).toEqual([]);
    }
    expect(Object.keys(household).filter((key) => secretish.test(key))).toEqual([]);
    const audit = jsonLines<{ action: string }>(entryText(entries, 'audit.jsonl'));
    expect(audit.map((event) => event.action)).toContain('household.created');
  });

  it('keeps odd names, empty files and folders, and deep trees exactly', async () => {
    const long = `${'é'.repeat(125)}.txt`; // 250 + 4 = 254 bytes of UTF-8
    const longest = `${'a'.repeat(251)}.txt`; // 255 bytes
    expect(Buffer.byteLength(longest)).toBe(255);
    const names: [string, string][] = [
      ['/Odd/with spaces  and  tabs.txt', 'spaces'],
      ['/Odd/emoji 🏡👨‍👩‍👧.txt', 'emoji'],
      [`/Odd/${long}`, 'long'],
      [`/Odd/${longest}`, 'longest'],
      ['/Odd/Case.txt', 'upper'],
      ['/Odd/case.txt', 'lower'],
      ['/Odd/back\\slash.txt', 'backslash'],
      ['/Odd/ünïcode-nfc.txt', 'nfc'],
    ];
    await createFolder(testApp, fx.owner, fx.home.id, '/Odd');
    for (const [path, content] of names) {
      await uploadFile(testApp, fx.owner, fx.home.id, path, content);
    }
    // The same name typed in NFD is the same file (names are NFC): overwritten, not doubled.
    await uploadFile(testApp, fx.owner, fx.home.id, '/Odd/ünïcode-nfc.txt'.normalize('NFD'), 'nfd');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Odd/zero', '');
    await createFolder(testApp, fx.owner, fx.home.id, '/Odd/empty folder');
    const deep = Array.from({ length: 40 }, (_, index) => `level ${index}`);
    await createFolder(testApp, fx.owner, fx.home.id, `/${deep.join('/')}`);
    await uploadFile(testApp, fx.owner, fx.home.id, `/${deep.join('/')}/bottom.txt`, 'bottom');

    const { entries } = await exportAndDownload();
    checkedManifest(entries);
    for (const [path, content] of names.filter(([, c]) => c !== 'backslash' && c !== 'nfc')) {
      expect({ path, content: entryAt(entries, `files${path}`).data.toString() }).toEqual({
        path,
        content,
      });
    }
    expect(entryAt(entries, 'files/Odd/back\uff3cslash.txt').data.toString()).toBe('backslash');
    const nfc = '/Odd/ünïcode-nfc.txt'.normalize('NFC');
    expect(entryAt(entries, `files${nfc}`).data.toString()).toBe('nfd');
    expect(entries.filter((entry) => entry.path.includes('code-nfc'))).toHaveLength(1);
    expect(entryAt(entries, 'files/Odd/zero').data.length).toBe(0);
    expect(entryAt(entries, 'files/Odd/empty folder/').isFolder).toBe(true);
    expect(entryAt(entries, `files/${deep.join('/')}/bottom.txt`).data.toString()).toBe('bottom');
    const lines = jsonLines<FilesLine>(entryText(entries, 'files.jsonl'));
    expect(lines.find((line) => line.path === '/Odd/back\\slash.txt')?.entry).toBe(
      'files/Odd/back\uff3cslash.txt',
    );
    expect(lines.filter((line) => line.path.toLowerCase() === '/odd/case.txt')).toHaveLength(2);
  });

  it.each(['suspended', 'pending_deletion'] as const)(
    'exports a %s household (read-only, never refused)',
    async (status) => {
      await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/kept.txt', 'kept');
      await ownerQuery(testApp.db, 'UPDATE households SET status = $2 WHERE id = $1', [
        fx.home.id,
        status,
      ]);
      const refused = await request(testApp.server)
        .put(filesUrl(fx.home.id, `/content${pathQuery('/Documents/new.txt')}`))
        .set(fx.owner.auth)
        .set('Content-Type', 'text/plain')
        .send('x');
      expect(refused.status).toBe(409);
      const { entries } = await exportAndDownload();
      checkedManifest(entries);
      expect(entryAt(entries, 'files/Documents/kept.txt').data.toString()).toBe('kept');
      const household = JSON.parse(entryText(entries, 'household.json')) as { status: string };
      expect(household.status).toBe(status);
    },
  );

  it('keeps archives away from the orphan collector', async () => {
    const { view } = await exportAndDownload();
    const [{ object_key: key }] = await tenantQuery<{ object_key: string }>(
      testApp.db,
      fx.home.id,
      'SELECT object_key FROM exports WHERE id = $1',
      [view.id],
    );
    expect(key).toMatch(new RegExp(`^exports/${view.id}/[0-9a-f-]{36}\\.zip$`));
    await testApp.app.get(OrphanBlobCollector).collect(fx.home.id, new Date(Date.now() + 1e9));
    const storage = testApp.app.get(ObjectStorage);
    expect(await storage.statObject(`foyer-hh-${fx.home.id}`, key)).toEqual(
      expect.objectContaining({ size: view.size }),
    );
  });
});
