import { ZipFile } from 'yazl';

/** What yazl keeps of an entry until the end, as far as this file needs it (not in its types). */
interface YazlEntry {
  utf8FileName: Buffer;
}

const SLAB_BYTES = 64 * 1024;

/**
 * Keeps the names of a ZIP's entries in slabs that hold nothing else.
 *
 * yazl holds every entry's name, as a Buffer, until it writes the central directory at the very
 * end. It makes them with `Buffer.from`, so each name is a slice of Node's shared 8 KiB pool, and
 * keeps the whole 8 KiB slab alive, together with whatever short-lived buffers were cut from it.
 * In an export that is about 1 KiB for each entry (21 MiB of pinned slabs for 20,000 files, seen
 * in a heap snapshot taken late in `npm run bench:export`). Copied here, names cost their length.
 *
 * This reaches into yazl's undocumented `entries` and `utf8FileName`; yazl is pinned to an exact
 * version in package.json, and the spec beside this file fails if an upgrade changes them.
 */
export class ZipNameSlabs {
  private slab = Buffer.alloc(0);
  private used = 0;
  private moved = 0;

  constructor(private readonly zip: ZipFile) {}

  /** Moves the names of the entries added since the last call. */
  moveNewNames(): void {
    const entries = (this.zip as unknown as { entries: YazlEntry[] }).entries;
    for (; this.moved < entries.length; this.moved++) {
      const entry = entries[this.moved];
      entry.utf8FileName = this.copy(entry.utf8FileName);
    }
  }

  private copy(name: Buffer): Buffer {
    // A name longer than a quarter slab (rare: paths are short) gets a buffer of its own rather
    // than wasting the rest of a slab.
    if (name.length > SLAB_BYTES / 4) {
      const own = Buffer.allocUnsafeSlow(name.length);
      name.copy(own);
      return own;
    }
    if (this.used + name.length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    const copy = this.slab.subarray(this.used, this.used + name.length);
    name.copy(copy);
    this.used += name.length;
    return copy;
  }
}
