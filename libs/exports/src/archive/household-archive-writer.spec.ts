import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import {
  ArchiveEntryOut,
  JsonLinesSpool,
  PortabilityRegistry,
  PortableSection,
  SectionSnapshot,
  SnapshotChange,
} from '@foyer/portability';
import { ArchiveVerifier } from '../verification/archive-verifier';
import { ExportHouseholdRepository } from '../repositories/export-household.repository';
import { HouseholdArchiveWriter } from './household-archive-writer';

const HOUSEHOLD = { id: '0b0e3c1e-2d7c-4d53-9a0e-6a4d1c1f7a11', name: 'Home', slug: 'home' };
const MTIME = new Date('2026-03-01T10:00:00.000Z');

/** A section whose snapshot writes the given entries and reports the given changes. */
function section(
  id: string,
  entries: readonly ArchiveEntryOut[],
  changes: readonly SnapshotChange[] = [],
): PortableSection {
  const snapshot: SectionSnapshot = {
    entryCount: entries.length,
    byteCount: 0,
    entries: async function* () {
      yield* entries;
    },
    metadata: async () => ({ entries: entries.length }),
    changedDuringExport: async () => changes,
  };
  return {
    id,
    order: 0,
    snapshot: async () => snapshot,
    restore: async () => ({ section: id, counts: {} }),
  } as unknown as PortableSection;
}

const text = (content: string): Pick<ArchiveEntryOut, 'open'> => ({
  open: async () => Readable.from([Buffer.from(content)]),
});

function writerOf(sections: PortableSection[]): HouseholdArchiveWriter {
  const registry = { sections: () => sections } as unknown as PortabilityRegistry;
  const households = {
    findById: async (id: string) =>
      id === HOUSEHOLD.id ? { ...HOUSEHOLD, status: 'active' } : undefined,
  } as unknown as ExportHouseholdRepository;
  return new HouseholdArchiveWriter(registry, households);
}

describe('HouseholdArchiveWriter', () => {
  let directory: string;
  let spooled: string[];

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'foyer-writer-spec-'));
    spooled = [];
    const create = JsonLinesSpool.create.bind(JsonLinesSpool);
    jest.spyOn(JsonLinesSpool, 'create').mockImplementation(async (name: string) => {
      const spool = await create(name);
      spooled.push(spool.directory);
      return spool;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  it('streams a manifest that lists every entry, the changes and the counts, and leaves no spool', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      path: `files/many/${String(i).padStart(4, '0')} "quoted" é.txt`,
      modifiedAt: MTIME,
      ...text(`file ${i}\n`),
    }));
    const changes: SnapshotChange[] = [
      { path: 'files/gone.txt', change: 'deleted' },
      { path: 'files/many/0001 "quoted" é.txt', change: 'modified' },
    ];
    const writer = writerOf([
      section('records', [{ path: 'members.json', modifiedAt: MTIME, ...text('[]') }]),
      section('files', [{ path: 'files/', modifiedAt: MTIME }, ...many], changes),
    ]);
    const archive = path.join(directory, 'home.zip');

    const written = await writer.write(
      HOUSEHOLD.id,
      { kind: 'household' },
      createWriteStream(archive),
    );

    const report = await new ArchiveVerifier().verify(archive);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const manifest = report.manifest!;
    expect(manifest.entries.map((entry) => entry.path)).toEqual([
      'README.txt',
      'members.json',
      'files/',
      ...many.map((entry) => entry.path),
    ]);
    expect(manifest.changedDuringExport).toEqual(changes);
    expect(manifest.counts).toEqual({
      entries: 1003,
      files: 1002,
      folders: 1,
      bytes: manifest.entries.reduce((sum, entry) => sum + entry.size, 0),
    });
    expect(manifest.sections).toEqual({ records: { entries: 1 }, files: { entries: 1001 } });
    // What write() resolves with is the manifest but for its list.
    const { entries: _entries, ...rest } = manifest;
    expect(written).toEqual(rest);
    expect(spooled).toHaveLength(1);
    expect(existsSync(spooled[0])).toBe(false);
  });

  it('fails as a section fails, removes its spool and leaves the output without a manifest', async () => {
    const broken: ArchiveEntryOut = {
      path: 'files/broken.bin',
      modifiedAt: MTIME,
      open: async () =>
        new Readable({
          read() {
            this.destroy(new Error('the disk went away'));
          },
        }),
    };
    const writer = writerOf([
      section('files', [{ path: 'files/a.txt', modifiedAt: MTIME, ...text('a') }, broken]),
    ]);
    const out = createWriteStream(path.join(directory, 'broken.zip'));

    await expect(writer.write(HOUSEHOLD.id, { kind: 'household' }, out)).rejects.toThrow(
      'the disk went away',
    );
    expect(out.destroyed).toBe(true);
    expect(spooled).toHaveLength(1);
    expect(existsSync(spooled[0])).toBe(false);
  });
});
