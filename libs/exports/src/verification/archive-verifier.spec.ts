import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ExportManifest, ManifestEntry } from '@foyer/portability';
import { ArchiveProblemCode as Code } from './archive-problem-code';
import { ArchiveVerifier } from './archive-verifier';
import { VerificationProgress, VerificationReport } from './verification-report';

const MTIME = new Date('2026-03-14T15:09:26.000Z');
const HOUSEHOLD = {
  id: '0b7c9e1a-2f4d-4c1e-9a55-3d2f1e0c8b7a',
  name: 'The Lovelaces',
  slug: 'lovelaces',
};

interface Item {
  path: string;
  data?: Buffer | string;
  mode?: number;
  compress?: boolean;
  mtime?: Date;
  /** In the ZIP but left out of the manifest. */
  unlisted?: boolean;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const GOOD: Item[] = [
  { path: 'README.txt', data: 'What this is.\n' },
  { path: 'household.json', data: JSON.stringify({ name: HOUSEHOLD.name }) },
  { path: 'files/' },
  { path: 'files/Documents/' },
  { path: 'files/Documents/taxes 2025.pdf', data: Buffer.alloc(3000, 7), compress: false },
  { path: 'files/Photos/🌅 sunrise.jpg', data: 'not really a jpeg' },
  { path: 'files/empty.txt', data: '' },
  { path: 'files/Empty folder/' },
  { path: 'files.jsonl', data: '{"path":"/Documents/taxes 2025.pdf"}\n' },
];

function manifestOf(items: Item[]): ExportManifest {
  const entries: ManifestEntry[] = items
    .filter((item) => !item.unlisted)
    .map((item) => {
      const bytes = Buffer.from(item.data ?? '');
      const folder = item.path.endsWith('/');
      return {
        path: item.path,
        type: folder ? 'folder' : 'file',
        size: bytes.length,
        sha256: sha256(bytes),
        modifiedAt: (item.mtime ?? MTIME).toISOString(),
      };
    });
  const files = entries.filter((entry) => entry.type === 'file').length;
  return {
    format: 'foyer-export',
    version: 1,
    createdAt: MTIME.toISOString(),
    generator: 'Foyer 0.1.0',
    household: HOUSEHOLD,
    scope: { kind: 'household' },
    counts: {
      entries: entries.length,
      files,
      folders: entries.length - files,
      bytes: entries.reduce((sum, entry) => sum + entry.size, 0),
    },
    sections: { files: { trashed: 0 } },
    entries,
    changedDuringExport: [],
  };
}

interface BuildOptions {
  /** Changes the manifest before it is written (it is computed from the items). */
  manifest?: (manifest: ExportManifest) => unknown;
  /** Raw bytes of manifest.json instead of the JSON of the manifest. */
  manifestBytes?: Buffer;
  /** Write no manifest at all. */
  noManifest?: boolean;
  /** Entries written after the manifest. */
  after?: Item[];
  /** ZIP64 records for every entry and the end of the directory, as large archives have. */
  zip64?: boolean;
}

let directory: string;
let counter = 0;

async function build(items: Item[], options: BuildOptions = {}): Promise<string> {
  const file = path.join(directory, `archive-${counter++}.zip`);
  const zip = new ZipFile();
  const add = (item: Item): void => {
    const common = {
      mtime: item.mtime ?? MTIME,
      ...(item.mode ? { mode: item.mode } : {}),
      ...(options.zip64 ? { forceZip64Format: true } : {}),
    };
    if (item.path.endsWith('/')) zip.addEmptyDirectory(item.path, common);
    else
      zip.addBuffer(Buffer.from(item.data ?? ''), item.path, {
        ...common,
        compress: item.compress ?? true,
      });
  };
  items.forEach(add);
  if (!options.noManifest) {
    const manifest = options.manifest ? options.manifest(manifestOf(items)) : manifestOf(items);
    zip.addBuffer(
      options.manifestBytes ?? Buffer.from(JSON.stringify(manifest, null, 2)),
      'manifest.json',
      { mtime: MTIME },
    );
  }
  (options.after ?? []).forEach(add);
  zip.end({ forceZip64Format: options.zip64 ?? false, comment: '' });
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await finished(out);
  return file;
}

/** Replaces every occurrence of a name's bytes (local header and central directory alike). */
async function patchName(file: string, from: string, to: string | Buffer): Promise<void> {
  const source = Buffer.from(from);
  const target = typeof to === 'string' ? Buffer.from(to) : to;
  expect(target.length).toBe(source.length);
  const bytes = await fs.readFile(file);
  let at = bytes.indexOf(source);
  expect(at).toBeGreaterThanOrEqual(0);
  while (at >= 0) {
    target.copy(bytes, at);
    at = bytes.indexOf(source, at + target.length);
  }
  await fs.writeFile(file, bytes);
}

const codes = (report: VerificationReport): Code[] => report.problems.map((p) => p.code);

describe('ArchiveVerifier', () => {
  const verifier = new ArchiveVerifier();

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'foyer-verify-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('passes a good archive and reports what it holds', async () => {
    const progress: VerificationProgress[] = [];
    const report = await verifier.verify(await build(GOOD), {
      onProgress: (p) => progress.push(p),
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      format: 'foyer-export',
      version: 1,
      household: HOUSEHOLD,
      counts: { entries: GOOD.length, files: 6, folders: 3 },
    });
    expect(report.counts.bytes).toBe(manifestOf(GOOD).counts.bytes);
    expect(report.manifest?.entries).toHaveLength(GOOD.length);
    const last = progress[progress.length - 1];
    expect(last.entriesDone).toBe(last.entryTotal);
    expect(last.bytesDone).toBe(last.byteTotal);
    expect(last.byteTotal).toBe(report.counts.bytes);
  });

  it('reads ZIP64 records (large archives) and finds altered bytes there too', async () => {
    const file = await build(GOOD, { zip64: true });
    expect((await verifier.verify(file)).problems).toEqual([]);
    const bytes = await fs.readFile(file);
    // The ZIP64 end of central directory record is there.
    expect(bytes.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBeGreaterThan(0);
    bytes[bytes.indexOf(Buffer.alloc(3000, 7)) + 10] = 9;
    await fs.writeFile(file, bytes);
    expect(codes(await verifier.verify(file)).sort()).toEqual(
      [Code.ChecksumMismatch, Code.CrcMismatch].sort(),
    );
  });

  it('finds an entry whose SHA-256 is not the manifest’s', async () => {
    const file = await build(GOOD, {
      manifest: (m) => ({
        ...m,
        entries: m.entries.map((e) =>
          e.path === 'files/empty.txt' ? { ...e, sha256: sha256(Buffer.from('x')) } : e,
        ),
      }),
    });
    const report = await verifier.verify(file);
    expect(report.ok).toBe(false);
    expect(report.manifest).toBeNull();
    expect(report.problems).toEqual([
      expect.objectContaining({ code: Code.ChecksumMismatch, path: 'files/empty.txt' }),
    ]);
  });

  it('finds altered bytes by their CRC-32 and SHA-256', async () => {
    const file = await build(GOOD);
    const bytes = await fs.readFile(file);
    // The stored (uncompressed) PDF is 3000 bytes of 7: change one in the middle.
    const at = bytes.indexOf(Buffer.alloc(3000, 7)) + 1500;
    bytes[at] = 8;
    await fs.writeFile(file, bytes);
    const report = await verifier.verify(file);
    expect(report.ok).toBe(false);
    expect(codes(report).sort()).toEqual([Code.ChecksumMismatch, Code.CrcMismatch].sort());
    expect(report.problems.every((p) => p.path === 'files/Documents/taxes 2025.pdf')).toBe(true);
  });

  it('finds an entry the manifest lists but the ZIP lacks', async () => {
    const file = await build(GOOD, {
      manifest: (m) => {
        const extra: ManifestEntry = {
          path: 'files/gone.txt',
          type: 'file',
          size: 0,
          sha256: sha256(Buffer.alloc(0)),
          modifiedAt: MTIME.toISOString(),
        };
        return {
          ...m,
          entries: [...m.entries, extra],
          counts: { ...m.counts, entries: m.counts.entries + 1, files: m.counts.files + 1 },
        };
      },
    });
    const report = await verifier.verify(file);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: Code.MissingEntry, path: 'files/gone.txt' }),
    ]);
  });

  it('finds an entry in the ZIP that the manifest does not list', async () => {
    const file = await build([...GOOD, { path: 'files/stowaway.txt', data: 'hi', unlisted: true }]);
    const report = await verifier.verify(file);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: Code.ExtraEntry, path: 'files/stowaway.txt' }),
    ]);
  });

  it.each([
    '../../evil.txt',
    '/etc/passwd.txt',
    'files\\win.txt',
    'files/./dot.txt',
    'files//two.txt',
    'C:/Windows.txt',
  ])('refuses the unsafe path %j', async (unsafe) => {
    // yazl refuses to write such names: write a placeholder of the same length, then patch it.
    const placeholder = `files/${'p'.repeat(unsafe.length - 'files/'.length)}`;
    const file = await build([...GOOD, { path: placeholder, data: 'boo' }]);
    await patchName(file, placeholder, unsafe);
    const report = await verifier.verify(file);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ code: Code.UnsafePath, path: unsafe }),
    );
  });

  it('refuses a path with NUL or without valid UTF-8', async () => {
    const file = await build([
      ...GOOD,
      { path: 'files/nulXname.txt', data: 'a' },
      { path: 'files/badXutf8.txt', data: 'b' },
    ]);
    await patchName(file, 'files/nulXname.txt', 'files/nul\u0000name.txt');
    await patchName(file, 'files/badXutf8.txt', Buffer.from('files/bad\xffutf8.txt', 'latin1'));
    const report = await verifier.verify(file);
    const unsafe = report.problems.filter((p) => p.code === Code.UnsafePath);
    expect(unsafe.map((p) => p.message)).toEqual([
      expect.stringMatching(/NUL/),
      expect.stringMatching(/UTF-8/),
    ]);
  });

  it('finds two names that are the same once normalised to NFC', async () => {
    const nfc = 'files/caf\u00e9.txt';
    const nfd = 'files/cafe\u0301.txt';
    const report = await verifier.verify(
      await build([...GOOD, { path: nfc, data: 'one' }, { path: nfd, data: 'two' }]),
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ code: Code.DuplicatePath, path: nfd }),
    ]);
  });

  it('accepts names that differ only in case (they are different files)', async () => {
    const report = await verifier.verify(
      await build([
        ...GOOD,
        { path: 'files/Notes.txt', data: 'upper' },
        { path: 'files/notes.txt', data: 'lower' },
      ]),
    );
    expect(report.problems).toEqual([]);
  });

  it('finds a file and a folder with the same path', async () => {
    const report = await verifier.verify(
      await build([...GOOD, { path: 'files/thing', data: 'file' }, { path: 'files/thing/' }]),
    );
    expect(codes(report)).toEqual([Code.DuplicatePath]);
  });

  it('refuses a symbolic link entry', async () => {
    const report = await verifier.verify(
      await build([...GOOD, { path: 'files/link', data: '/etc/passwd', mode: 0o120777 }]),
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ code: Code.SymlinkEntry, path: 'files/link' }),
    ]);
  });

  it('refuses a device entry', async () => {
    const report = await verifier.verify(
      await build([...GOOD, { path: 'files/dev', data: '', mode: 0o020666 }]),
    );
    expect(codes(report)).toEqual([Code.SpecialEntry]);
  });

  it('reports a manifest that is not JSON', async () => {
    const report = await verifier.verify(
      await build(GOOD, { manifestBytes: Buffer.from('{"format": "foyer-export", ') }),
    );
    expect(report).toMatchObject({ ok: false, format: null, version: null, household: null });
    expect(codes(report)).toEqual([Code.ManifestInvalidJson]);
  });

  it('reports an archive without a manifest', async () => {
    const report = await verifier.verify(await build(GOOD, { noManifest: true }));
    expect(codes(report)).toEqual([Code.ManifestMissing]);
  });

  it('reports a manifest that is not the last entry', async () => {
    const report = await verifier.verify(
      await build(GOOD.slice(0, -1), { after: GOOD.slice(-1), manifest: () => manifestOf(GOOD) }),
    );
    expect(codes(report)).toEqual([Code.ManifestNotLast]);
  });

  it('reports a version it does not read', async () => {
    const report = await verifier.verify(
      await build(GOOD, { manifest: (m) => ({ ...m, version: 2 }) }),
    );
    expect(report).toMatchObject({ ok: false, format: 'foyer-export', version: 2 });
    expect(codes(report)).toEqual([Code.UnsupportedVersion]);
  });

  it('reports another format', async () => {
    const report = await verifier.verify(
      await build(GOOD, { manifest: (m) => ({ ...m, format: 'other-export' }) }),
    );
    expect(codes(report)).toEqual([Code.WrongFormat]);
  });

  it('reports a manifest that does not follow the schema, saying where', async () => {
    const report = await verifier.verify(
      await build(GOOD, {
        manifest: (m) => ({
          ...m,
          household: { ...m.household, id: 'not-a-uuid' },
          entries: m.entries.map((e, i) => (i === 0 ? { ...e, sha256: 'ABC' } : e)),
        }),
      }),
    );
    expect(report.problems.map((p) => p.code)).toEqual([Code.ManifestSchema, Code.ManifestSchema]);
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(/\/household\/id/);
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(/\/entries\/0\/sha256/);
  });

  it('reports counts that do not add up', async () => {
    const report = await verifier.verify(
      await build(GOOD, {
        manifest: (m) => ({ ...m, counts: { ...m.counts, files: m.counts.files + 1 } }),
      }),
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: Code.CountMismatch,
        message: expect.stringMatching(/files/),
      }),
    ]);
  });

  it('reports a size and a modification time the ZIP contradicts', async () => {
    const report = await verifier.verify(
      await build(GOOD, {
        manifest: (m) => ({
          ...m,
          entries: m.entries.map((e) =>
            e.path === 'README.txt'
              ? { ...e, modifiedAt: '2020-01-01T00:00:00.000Z' }
              : e.path === 'household.json'
                ? { ...e, size: e.size + 1 }
                : e,
          ),
          counts: { ...m.counts, bytes: m.counts.bytes + 1 },
        }),
      }),
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ code: Code.MtimeMismatch, path: 'README.txt' }),
      expect.objectContaining({ code: Code.SizeMismatch, path: 'household.json' }),
    ]);
  });

  it('refuses an entry that expands too much, without inflating it', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const report = await verifier.verify(
      await build([...GOOD, { path: 'files/zeros.bin', data: zeros }]),
    );
    expect(codes(report)).toContain(Code.EntryRatioTooHigh);
    expect(codes(report)).toContain(Code.TotalRatioTooHigh);
    expect(report.problems.find((p) => p.code === Code.EntryRatioTooHigh)?.path).toBe(
      'files/zeros.bin',
    );
    // Raised limits let the same archive through.
    const lenient = await verifier.verify(
      await build([...GOOD, { path: 'files/zeros.bin', data: zeros }]),
      { limits: { maxEntryRatio: 2000, maxTotalRatio: 2000 } },
    );
    expect(lenient.problems).toEqual([]);
  });

  it('applies the entry count and total size limits', async () => {
    const file = await build(GOOD);
    const few = await verifier.verify(file, { limits: { maxEntries: 3 } });
    expect(codes(few)).toEqual([Code.TooManyEntries]);
    const small = await verifier.verify(file, { limits: { maxTotalBytes: 100 } });
    expect(codes(small)).toEqual([Code.TotalSizeTooLarge]);
  });

  it('lists at most maxProblems problems, then counts the rest', async () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      path: `files/extra-${i}.txt`,
      data: `${i}`,
      unlisted: true,
    }));
    const report = await verifier.verify(await build([...GOOD, ...many]), {
      limits: { maxProblems: 4 },
    });
    expect(codes(report)).toEqual([...Array(4).fill(Code.ExtraEntry), Code.TooManyProblems]);
    expect(report.problems[4].message).toMatch(/^6 more/);
  });

  it('reports a file that is not a ZIP, and a truncated ZIP', async () => {
    const notZip = path.join(directory, 'not-a-zip.zip');
    await fs.writeFile(notZip, 'PK but not really a zip file at all');
    expect(codes(await verifier.verify(notZip))).toEqual([Code.NotAZip]);

    const file = await build(GOOD);
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const truncated = await verifier.verify(file);
    expect(truncated.ok).toBe(false);
    expect(codes(truncated)).toEqual([Code.NotAZip]);
  });

  it('reports a damaged central directory', async () => {
    const file = await build(GOOD);
    const bytes = await fs.readFile(file);
    // The first central directory header's signature.
    const at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes[at + 2] = 0x09;
    await fs.writeFile(file, bytes);
    expect(codes(await verifier.verify(file))).toEqual([Code.ZipStructure]);
  });

  it('throws on a file it cannot read at all', async () => {
    await expect(verifier.verify(path.join(directory, 'missing.zip'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
