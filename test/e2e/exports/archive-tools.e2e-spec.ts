import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { ArchiveProblemCode, ArchiveVerifier, HouseholdArchiveWriter } from '@foyer/exports';
import type { ExportManifest } from '@foyer/portability';
import {
  createFolder,
  filesUrl,
  pathQuery,
  TestFileItem,
  uploadFile,
} from '../../factories/file.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { readManifest } from './export-helpers';
import { FilesFixture, ownerWithHousehold } from '../files/files-fixture';

const run = promisify(execFile);
/** Debian's Python, as a person would run it; not whatever python3 comes first in PATH. */
const PYTHON = '/usr/bin/python3';
/** unzip turns names into the locale's charset: a UTF-8 locale keeps them as they are. */
const UTF8_LOCALE = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Python's zipfile: testzip (every CRC), then every member read in full, with its name, size,
 * SHA-256 and the Unix mtime of its extended-timestamp field (what unzip restores).
 */
const PYTHON_READER = `
import hashlib, json, struct, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    members = []
    for info in z.infolist():
        try:
            data = z.read(info)
        except zipfile.BadZipFile as error:
            members.append({'name': info.filename, 'error': str(error)})
            continue
        mtime = None
        extra = info.extra
        i = 0
        while i + 4 <= len(extra):
            tag, size = struct.unpack('<HH', extra[i:i + 4])
            body = extra[i + 4:i + 4 + size]
            if tag == 0x5455 and size >= 5 and body[0] & 1:
                mtime = struct.unpack('<i', body[1:5])[0]
            i += 4 + size
        members.append({'name': info.filename, 'dir': info.is_dir(), 'size': len(data),
                        'sha256': hashlib.sha256(data).hexdigest(), 'mtime': mtime,
                        'utf8': bool(info.flag_bits & 0x800)})
    print(json.dumps({'bad': bad, 'members': members}))
`;

interface PythonMember {
  name: string;
  dir: boolean;
  size: number;
  sha256: string;
  mtime: number | null;
  utf8: boolean;
  /** Set instead of the rest when the member cannot be read (a bad CRC). */
  error?: string;
}

async function readWithPython(
  archive: string,
): Promise<{ bad: string | null; members: PythonMember[] }> {
  const { stdout } = await run(PYTHON, ['-c', PYTHON_READER, archive], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { bad: string | null; members: PythonMember[] };
}

/** `unzip -t`: exit code and output, whether it passes or not. */
async function unzipTest(archive: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('unzip', ['-t', archive], { env: UTF8_LOCALE });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

describe('the household archive, read with standard tools', () => {
  let testApp: TestApp;
  let fx: FilesFixture;
  let directory: string;
  let archive: string;
  let manifest: ExportManifest;
  /** What the household holds once filled: API path → the bytes uploaded last. */
  const contents = new Map<string, Buffer>();

  const NAMES = {
    spaces: '/Odd names/  two  leading and trailing spaces  .txt',
    emoji: '/Odd names/🌅 sunrise 🎉 family 👨‍👩‍👧.jpg',
    // 255 bytes of UTF-8, the most a name may have: 125 two-byte letters and "x.txt".
    long255: `/Odd names/${'é'.repeat(125)}x.txt`,
    ascii255: `/Odd names/${'a'.repeat(251)}.txt`,
    upper: '/Odd names/Case.txt',
    lower: '/Odd names/case.txt',
    shout: '/Odd names/CASE.txt',
    nfd: '/Odd names/cafe\u0301.txt',
    nfc: '/Odd names/caf\u00e9.txt',
    backslash: '/Odd names/back\\slash.txt',
    dotfile: '/Odd names/.hidden',
    dots: '/Odd names/..two dots',
    emptyFile: '/Empty/empty.txt',
    emptyFolder: '/Empty/Nothing here',
    binary: '/Binary/random.bin',
    trashed: '/To trash/old draft.txt',
  };
  const DEPTH = 40;
  const deepFolder = Array.from({ length: DEPTH }, (_, i) => `/level ${i + 1}`).join('');

  async function put(apiPath: string, bytes: Buffer): Promise<TestFileItem> {
    const item = await uploadFile(testApp, fx.owner, fx.home.id, apiPath, bytes);
    contents.set(item.path, bytes);
    return item;
  }

  /** Every node of the live tree through the API, folders included, by path. */
  async function listTree(folder = '/'): Promise<TestFileItem[]> {
    const response = await request(testApp.server)
      .get(filesUrl(fx.home.id, `${pathQuery(folder)}&limit=1000`))
      .set(fx.owner.auth)
      .expect(200);
    const items = response.body.items as TestFileItem[];
    const below = await Promise.all(
      items.filter((item) => item.kind === 'folder').map((item) => listTree(item.path)),
    );
    return [...items, ...below.flat()];
  }

  async function writeArchive(file: string): Promise<ExportManifest> {
    const writer = testApp.app.get(HouseholdArchiveWriter);
    await writer.write(fx.home.id, { kind: 'household' }, createWriteStream(file));
    return readManifest(file);
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await ownerWithHousehold(testApp, 'Archive tools');
    directory = mkdtempSync(path.join(tmpdir(), 'foyer-archive-tools-'));

    for (const folder of ['/Odd names', '/Empty', '/Binary', '/To trash', NAMES.emptyFolder]) {
      await createFolder(testApp, fx.owner, fx.home.id, folder);
    }
    await createFolder(testApp, fx.owner, fx.home.id, deepFolder);
    await put(NAMES.spaces, Buffer.from('spaces\n'));
    await put(NAMES.emoji, randomBytes(2048));
    await put(NAMES.long255, Buffer.from('a long name\n'));
    await put(NAMES.ascii255, Buffer.from('another long name\n'));
    await put(NAMES.upper, Buffer.from('Case\n'));
    await put(NAMES.lower, Buffer.from('case\n'));
    await put(NAMES.shout, Buffer.from('CASE\n'));
    // The files API stores names in NFC: the NFD upload and the NFC one are the same file.
    const decomposed = await put(NAMES.nfd, Buffer.from('first, sent as NFD\n'));
    expect(decomposed.path).toBe(NAMES.nfc);
    await put(NAMES.nfc, Buffer.from('second, sent as NFC\n'));
    await put(NAMES.backslash, Buffer.from('a backslash in a name\n'));
    await put(NAMES.dotfile, Buffer.from('hidden\n'));
    await put(NAMES.dots, Buffer.from('dots\n'));
    await put(NAMES.emptyFile, Buffer.alloc(0));
    await put(NAMES.binary, randomBytes(1024 * 1024 + 7));
    await put(`${deepFolder}/leaf.txt`, Buffer.from('at the bottom\n'));
    await put(NAMES.trashed, Buffer.from('thrown away\n'));
    await request(testApp.server)
      .delete(filesUrl(fx.home.id, pathQuery(NAMES.trashed)))
      .set(fx.owner.auth)
      .expect(204);
    contents.delete(NAMES.trashed);

    archive = path.join(directory, 'household.zip');
    manifest = await writeArchive(archive);
  });

  afterAll(async () => {
    await testApp?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('passes unzip -t', async () => {
    const result = await unzipTest(archive);
    expect(result.output).toMatch(/No errors detected/);
    expect(result.code).toBe(0);
  });

  it("opens with Python's zipfile: testzip passes and every member reads in full", async () => {
    const { bad, members } = await readWithPython(archive);
    expect(bad).toBeNull();
    expect(members.map((m) => m.name)).toEqual(
      manifest.entries.map((e) => e.path).concat('manifest.json'),
    );
    for (const member of members) {
      const entry = manifest.entries.find((e) => e.path === member.name);
      if (!entry) continue;
      expect({ path: member.name, size: member.size, sha256: member.sha256 }).toEqual({
        path: entry.path,
        size: entry.size,
        sha256: entry.sha256,
      });
      expect(member.dir).toBe(entry.type === 'folder');
    }
    // Non-ASCII names are flagged as UTF-8, so every tool reads the same name.
    expect(members.filter((m) => /[\u0080-\u{10ffff}]/u.test(m.name)).every((m) => m.utf8)).toBe(
      true,
    );
  });

  it('holds every file and folder of the household byte for byte, with its mtime to the second', async () => {
    const { members } = await readWithPython(archive);
    const byName = new Map(members.map((m) => [m.name, m]));
    const tree = await listTree();
    expect(tree.length).toBeGreaterThan(DEPTH + 15);
    for (const node of tree) {
      // The files section writes a backslash as U+FF3C (ZIP tools read "\\" as a separator).
      const entry = `files${node.path.replace(/\\/g, '\uff3c')}${node.kind === 'folder' ? '/' : ''}`;
      const member = byName.get(entry);
      expect({ entry, found: member !== undefined }).toEqual({ entry, found: true });
      expect(member!.mtime).toBe(seconds(node.modifiedAt));
      if (node.kind === 'folder') {
        expect(member!.dir).toBe(true);
        continue;
      }
      const uploaded = contents.get(node.path);
      expect(uploaded).toBeDefined();
      expect({ entry, size: member!.size, sha256: member!.sha256 }).toEqual({
        entry,
        size: uploaded!.length,
        sha256: sha256(uploaded!),
      });
      expect(node.sha256).toBe(member!.sha256);
    }
    // Nothing under files/ that the household does not hold.
    const expected = new Set(
      tree.map(
        (node) => `files${node.path.replace(/\\/g, '\uff3c')}${node.kind === 'folder' ? '/' : ''}`,
      ),
    );
    const extra = members
      .map((m) => m.name)
      .filter((name) => name.startsWith('files/') && name !== 'files/' && !expected.has(name));
    expect(extra).toEqual([]);
  });

  it('keeps odd names as they are: emoji, 255 bytes, case, NFC, empty files and folders, depth', async () => {
    const names = new Set((await readWithPython(archive)).members.map((m) => m.name));
    for (const apiPath of [
      NAMES.spaces,
      NAMES.emoji,
      NAMES.long255,
      NAMES.ascii255,
      NAMES.upper,
      NAMES.lower,
      NAMES.shout,
      NAMES.nfc,
      NAMES.dotfile,
      NAMES.dots,
      NAMES.emptyFile,
      `${deepFolder}/leaf.txt`,
    ]) {
      expect(names).toContain(`files${apiPath}`);
    }
    expect(Buffer.byteLength(path.basename(NAMES.long255))).toBe(255);
    expect(names).toContain('files/Odd names/back\uff3cslash.txt');
    expect(names).not.toContain(`files${NAMES.nfd}`);
    expect(names).toContain(`files${NAMES.emptyFolder}/`);
    expect(names).toContain(`trash${NAMES.trashed}`);
    const nfc = (await readWithPython(archive)).members.find((m) => m.name === `files${NAMES.nfc}`);
    expect(nfc?.sha256).toBe(sha256(Buffer.from('second, sent as NFC\n')));
  });

  it('extracts with unzip into the same tree', async () => {
    const target = path.join(directory, 'extracted');
    await run('unzip', ['-q', archive, '-d', target], { env: UTF8_LOCALE });
    const tree = new Map((await listTree()).map((node) => [node.path, node]));
    for (const [apiPath, bytes] of contents) {
      const file = path.join(target, 'files', apiPath.replace(/\\/g, '\uff3c'));
      expect(await fs.readFile(file)).toEqual(bytes);
      const stat = await fs.stat(file);
      const node = tree.get(apiPath);
      // unzip restores the DOS time of the local header (even seconds): yazl writes the
      // extended timestamp (to the second, checked above) in the central directory only.
      const expected = seconds(node!.modifiedAt);
      expect(Math.floor(stat.mtimeMs / 1000)).toBe(expected - (expected % 2));
    }
    expect((await fs.readdir(path.join(target, 'files', NAMES.emptyFolder))).length).toBe(0);
  });

  it('is reported valid by ArchiveVerifier', async () => {
    const report = await new ArchiveVerifier().verify(archive);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      format: 'foyer-export',
      version: 1,
      household: { id: fx.home.id },
      counts: { entries: manifest.counts.entries, bytes: manifest.counts.bytes },
    });
  });

  it('a changed byte is caught by ArchiveVerifier, unzip -t and zipfile', async () => {
    const copy = path.join(directory, 'corrupted.zip');
    const bytes = await fs.readFile(archive);
    const binary = contents.get(NAMES.binary)!;
    // The binary file is stored (not deflated): its bytes are in the archive as they are.
    const at = bytes.indexOf(binary.subarray(4096, 4096 + 64));
    expect(at).toBeGreaterThan(0);
    bytes[at + 10] ^= 0xff;
    await fs.writeFile(copy, bytes);

    const report = await new ArchiveVerifier().verify(copy);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: ArchiveProblemCode.CrcMismatch,
          path: `files${NAMES.binary}`,
        }),
        expect.objectContaining({
          code: ArchiveProblemCode.ChecksumMismatch,
          path: `files${NAMES.binary}`,
        }),
      ]),
    );
    const unzip = await unzipTest(copy);
    expect(unzip.code).not.toBe(0);
    expect(unzip.output).toMatch(/bad CRC/);
    const python = await readWithPython(copy);
    expect(python.bad).toBe(`files${NAMES.binary}`);
    expect(python.members.filter((m) => m.error)).toEqual([
      { name: `files${NAMES.binary}`, error: expect.stringMatching(/Bad CRC-32/) },
    ]);
  });
});
