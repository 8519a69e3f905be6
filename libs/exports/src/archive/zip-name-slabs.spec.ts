import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { ZipNameSlabs } from './zip-name-slabs';

/** The names yazl holds, read the way this library reaches them. */
function heldNames(zip: ZipFile): Buffer[] {
  return (zip as unknown as { entries: { utf8FileName: Buffer }[] }).entries.map(
    (entry) => entry.utf8FileName,
  );
}

describe('ZipNameSlabs', () => {
  it('moves the name of every kind of entry out of the shared pool into one slab, unchanged', () => {
    const zip = new ZipFile();
    const slabs = new ZipNameSlabs(zip);
    const paths = ['README.txt', 'files/Photos/', 'files/Photos/été 🌞.jpg'];

    zip.addBuffer(Buffer.from('read me'), paths[0]);
    slabs.moveNewNames();
    zip.addEmptyDirectory(paths[1]);
    zip.addReadStreamLazy(paths[2], (callback) => callback(null, Readable.from([])));
    const pooled = heldNames(zip)[2];
    slabs.moveNewNames();

    const names = heldNames(zip);
    expect(names.map((name) => name.toString('utf8'))).toEqual(paths);
    // yazl made them as slices of Node's 8 KiB pool: what this class exists to undo.
    expect(pooled.buffer.byteLength).toBe(Buffer.poolSize);
    const slab = names[0].buffer;
    expect(slab.byteLength).toBe(64 * 1024);
    expect(names.every((name) => name.buffer === slab)).toBe(true);
    expect(names.map((name) => name.byteOffset)).toEqual([
      0,
      names[0].length,
      names[0].length + names[1].length,
    ]);
  });

  it('moves each name once, however often it is called', () => {
    const zip = new ZipFile();
    const slabs = new ZipNameSlabs(zip);
    zip.addEmptyDirectory('a/');
    slabs.moveNewNames();
    slabs.moveNewNames();
    zip.addEmptyDirectory('b/');
    slabs.moveNewNames();

    expect(heldNames(zip).map((name) => name.byteOffset)).toEqual([0, 2]);
  });

  it('starts a new slab when a name does not fit, and gives a very long name its own buffer', () => {
    const zip = new ZipFile();
    const slabs = new ZipNameSlabs(zip);
    const medium = 'm'.repeat(15 * 1024);
    const long = `${'l'.repeat(20 * 1024)}.txt`;
    for (let i = 0; i < 5; i++) zip.addEmptyDirectory(`${medium}${i}/`);
    zip.addEmptyDirectory(`${long}/`);
    slabs.moveNewNames();

    const names = heldNames(zip);
    // Four 15 KiB names fill most of a 64 KiB slab; the fifth starts the next one.
    expect(names[3].buffer).toBe(names[0].buffer);
    expect(names[4].buffer).not.toBe(names[0].buffer);
    expect(names[4].byteOffset).toBe(0);
    expect(names[5].buffer.byteLength).toBe(long.length + 1);
    expect(names.map((name) => name.toString())).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `${medium}${i}/`),
      `${long}/`,
    ]);
  });
});
