import { createHash } from 'node:crypto';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { ZipFile } from 'yazl';
import { ArchiveProblemCode } from './archive-problem-code';
import { ArchiveVerifier } from './archive-verifier';
import type { VerificationReport } from './verification-report';

/**
 * The verifier reads archives from anyone (an upload, `foyer verify`, `foyer import`): whatever
 * the bytes, it must answer with a report — never throw, never hang — and a report that is not
 * ok lists known problem codes. Bounded: a fixed number of runs on a small archive.
 */

const MTIME = new Date('2026-03-14T15:09:26.000Z');
const ITEMS: { path: string; data?: string }[] = [
  { path: 'README.txt', data: 'What this is.\n' },
  { path: 'household.json', data: '{"name":"The Lovelaces","slug":"lovelaces","settings":{}}' },
  { path: 'members.json', data: '[]' },
  { path: 'files/' },
  { path: 'files/Documents/' },
  { path: 'files/Documents/notes.txt', data: 'remember the milk' },
  { path: 'files.jsonl', data: '{"path":"/Documents/notes.txt"}\n' },
];
const KNOWN_CODES = new Set<string>(Object.values(ArchiveProblemCode));

function manifest(): Record<string, unknown> {
  const entries = ITEMS.map((item) => {
    const bytes = Buffer.from(item.data ?? '');
    return {
      path: item.path,
      type: item.path.endsWith('/') ? 'folder' : 'file',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      modifiedAt: MTIME.toISOString(),
    };
  });
  const files = entries.filter((entry) => entry.type === 'file').length;
  return {
    format: 'foyer-export',
    version: 1,
    createdAt: MTIME.toISOString(),
    generator: 'Foyer 0.1.0',
    household: { id: '0b7c9e1a-2f4d-4c1e-9a55-3d2f1e0c8b7a', name: 'L', slug: 'lovelaces' },
    scope: { kind: 'household' },
    counts: {
      entries: entries.length,
      files,
      folders: entries.length - files,
      bytes: entries.reduce((sum, entry) => sum + entry.size, 0),
    },
    sections: { household: { members: 0 }, files: {} },
    entries,
    changedDuringExport: [],
  };
}

async function zipOf(manifestBytes: Buffer): Promise<Buffer> {
  const zip = new ZipFile();
  for (const item of ITEMS) {
    if (item.path.endsWith('/')) zip.addEmptyDirectory(item.path, { mtime: MTIME });
    else zip.addBuffer(Buffer.from(item.data ?? ''), item.path, { mtime: MTIME });
  }
  zip.addBuffer(manifestBytes, 'manifest.json', { mtime: MTIME });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Values that have broken parsers before: wrong types, controls, huge and odd numbers, … */
const nasty = fc.oneof(
  fc.constantFrom(
    null,
    '',
    '\u0000',
    'a\r\nb',
    '../../etc/passwd',
    '/',
    '\ud800',
    '2025-02-30T00:00:00Z',
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    0.5,
    true,
    [],
    {},
  ),
  fc.string(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A path into the manifest (`entries.3.size`, `household.slug`, …) to change or delete. */
const manifestField = fc.oneof(
  fc.constantFrom(
    'format',
    'version',
    'createdAt',
    'household',
    'household.id',
    'household.slug',
    'scope',
    'scope.kind',
    'counts.entries',
    'counts.bytes',
    'sections',
    'sections.files',
    'entries',
    'changedDuringExport',
  ),
  fc
    .tuple(
      fc.integer({ min: 0, max: ITEMS.length }),
      fc.constantFrom('path', 'type', 'size', 'sha256', 'modifiedAt'),
    )
    .map(([index, field]) => `entries.${index}.${field}`),
);

function mutate(
  target: Record<string, unknown>,
  field: string,
  value: unknown,
  remove: boolean,
): void {
  const keys = field.split('.');
  let at: Record<string, unknown> | undefined = target;
  for (const key of keys.slice(0, -1)) {
    const next: unknown = at?.[key];
    at = next && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
  }
  if (!at) return;
  const last = keys[keys.length - 1];
  if (remove) delete at[last];
  else at[last] = value;
}

function assertSane(report: VerificationReport): void {
  expect(typeof report.ok).toBe('boolean');
  if (!report.ok) expect(report.problems.length).toBeGreaterThan(0);
  for (const problem of report.problems) {
    expect(KNOWN_CODES.has(problem.code)).toBe(true);
    expect(typeof problem.message).toBe('string');
  }
}

describe('ArchiveVerifier under fuzzing (fast-check)', () => {
  let directory: string;
  let counter = 0;
  let good: Buffer;
  const verifier = new ArchiveVerifier();

  const verifyBytes = async (bytes: Buffer): Promise<VerificationReport> => {
    const file = path.join(directory, `fuzz-${counter++}.zip`);
    await fs.writeFile(file, bytes);
    try {
      return await verifier.verify(file);
    } finally {
      await fs.rm(file, { force: true });
    }
  };

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'foyer-verifier-fuzz-'));
    good = await zipOf(Buffer.from(JSON.stringify(manifest())));
  });
  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('accepts the unchanged archive (the baseline)', async () => {
    const report = await verifyBytes(good);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('answers a manifest with a random field changed or removed with a report', async () => {
    await fc.assert(
      fc.asyncProperty(manifestField, nasty, fc.boolean(), async (field, value, remove) => {
        const changed = manifest();
        mutate(changed, field, value, remove);
        const report = await verifyBytes(await zipOf(Buffer.from(JSON.stringify(changed))));
        assertSane(report);
      }),
      { numRuns: 80 },
    );
  });

  it('answers a manifest that is not JSON, or JSON of another shape, with a report', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string().map((text) => Buffer.from(text)),
          fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
          fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
        ),
        async (bytes) => {
          const report = await verifyBytes(await zipOf(bytes));
          assertSane(report);
          expect(report.ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers flipped, cut and spliced ZIP bytes with a report', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: undefined }),
        async (flips, cut, splice) => {
          let bytes = Buffer.from(good);
          for (const [offset, xor] of flips) bytes[offset % bytes.length] ^= xor;
          if (cut !== undefined) bytes = bytes.subarray(0, cut % bytes.length);
          if (splice) {
            const at = (flips[0][0] * 7) % Math.max(1, bytes.length);
            bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(splice), bytes.subarray(at)]);
          }
          assertSane(await verifyBytes(bytes));
        },
      ),
      { numRuns: 120 },
    );
  });
});
