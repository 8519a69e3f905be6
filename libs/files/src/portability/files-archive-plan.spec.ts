import type { FileNodeRow } from '../repositories/file-node-row';
import { planFilesArchive } from './files-archive-plan';

let sequence = 0;
function node(
  name: string,
  kind: 'file' | 'folder',
  parent: FileNodeRow | null,
  extra: Partial<FileNodeRow> = {},
): FileNodeRow {
  sequence++;
  return {
    id: `00000000-0000-0000-0000-${String(sequence).padStart(12, '0')}`,
    parentId: parent?.id ?? null,
    name,
    kind,
    size: kind === 'file' ? 1 : 0,
    sha256: kind === 'file' ? 'x' : null,
    contentType: null,
    blobId: kind === 'file' ? `blob-${sequence}` : null,
    version: 1,
    createdBy: 'ada',
    createdAt: new Date(0),
    modifiedAt: new Date(0),
    trashedAt: null,
    trashedBy: null,
    ...extra,
  };
}

const trashedAt = (seconds: number) => ({ trashedAt: new Date(seconds * 1000), trashedBy: 'ada' });

describe('planFilesArchive', () => {
  it('puts the live tree under files/, parents first, folders before files, by code point', () => {
    const docs = node('Docs', 'folder', null);
    const rows = [
      node('b.txt', 'file', null),
      docs,
      node('a.txt', 'file', docs),
      node('B', 'folder', null),
    ];
    expect(planFilesArchive(rows).map((planned) => planned.entry)).toEqual([
      'files/B',
      'files/Docs',
      'files/Docs/a.txt',
      'files/b.txt',
    ]);
  });

  it('keeps names that differ only in case, and writes a backslash as U+FF3C', () => {
    const rows = [
      node('a.txt', 'file', null),
      node('A.txt', 'file', null),
      node('x\\y', 'file', null),
    ];
    const plan = planFilesArchive(rows);
    expect(plan.map((planned) => planned.entry).sort()).toEqual(
      ['files/A.txt', 'files/a.txt', 'files/x\uff3cy'].sort(),
    );
    expect(plan.find((planned) => planned.entry === 'files/x\uff3cy')?.path).toBe('/x\\y');
  });

  it('numbers a live name that only the backslash substitution makes collide', () => {
    const rows = [node('x\\y', 'file', null), node('x\uff3cy', 'file', null)];
    expect(planFilesArchive(rows).map((planned) => planned.entry)).toEqual([
      'files/x\uff3cy',
      'files/x\uff3cy (2)',
    ]);
  });

  it('puts the trash under trash/<where it was>, numbering items deleted from one path', () => {
    const docs = node('Docs', 'folder', null);
    const first = node('a.txt', 'file', docs, trashedAt(1));
    const second = node('a.txt', 'file', docs, trashedAt(2));
    const live = node('a.txt', 'file', docs);
    const plan = planFilesArchive([docs, first, second, live]);
    expect(plan.map((planned) => [planned.entry, planned.trashed, planned.path])).toEqual([
      ['files/Docs', false, '/Docs'],
      ['files/Docs/a.txt', false, '/Docs/a.txt'],
      ['trash/Docs/a.txt', true, '/Docs/a.txt'],
      ['trash/Docs/a (2).txt', true, '/Docs/a.txt'],
    ]);
  });

  it('writes a trashed folder with its contents, and an item trashed inside it on its own', () => {
    const docs = node('Docs', 'folder', null, trashedAt(5));
    const inner = node('a.txt', 'file', docs, trashedAt(1));
    const kept = node('a.txt', 'file', docs);
    const plan = planFilesArchive([docs, inner, kept]);
    // Oldest deletion first: the file deleted on its own keeps its path; the folder deleted
    // later is not merged into the folder that path made, it is numbered.
    expect(plan.map((planned) => planned.entry)).toEqual([
      'trash/Docs/a.txt',
      'trash/Docs (2)',
      'trash/Docs (2)/a.txt',
    ]);
  });

  it('never puts an entry below a file: a folder path taken by a trashed file goes to the trash root', () => {
    const fileNamedDocs = node('Docs', 'file', null, trashedAt(1));
    const docs = node('Docs', 'folder', null);
    const inside = node('a.txt', 'file', docs, trashedAt(2));
    const plan = planFilesArchive([fileNamedDocs, docs, inside]);
    expect(plan.map((planned) => planned.entry)).toEqual([
      'files/Docs',
      'trash/Docs',
      'trash/a.txt',
    ]);
    expect(plan[2].path).toBe('/Docs/a.txt');
  });

  it("keeps only the author's nodes for a member's export, with their paths", () => {
    const common = node('Common', 'folder', null, { createdBy: 'grace' });
    const mine = node('mine.txt', 'file', common);
    const theirs = node('theirs.txt', 'file', common, { createdBy: 'grace' });
    const plan = planFilesArchive([common, mine, theirs], 'ada');
    expect(plan.map((planned) => planned.entry)).toEqual(['files/Common/mine.txt']);
  });
});
