import { Readable, Transform } from 'node:stream';
import * as yauzl from 'yauzl';
import type { ArchiveEntryIn, ArchiveReader, ExportManifest } from '@foyer/portability';

/** JSON entries are parsed in memory; the verifier has already bounded the manifest. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * `ArchiveReader` over a ZIP on local disk (yauzl, random access through the central directory:
 * each entry is streamed on its own, the archive is never held in memory). Paths, sizes, hashes
 * and times come from the manifest, which the verifier has checked against every entry's bytes
 * before this reader is made. `onBytes` counts what the sections read, for the import's progress.
 */
export class ZipArchiveReader implements ArchiveReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byPath: ReadonlyMap<string, yauzl.Entry>,
    private readonly entries: readonly ArchiveEntryIn[],
    private readonly onBytes: (bytes: number) => void,
  ) {}

  static async open(
    archivePath: string,
    manifest: ExportManifest,
    onBytes: (bytes: number) => void = () => undefined,
  ): Promise<ZipArchiveReader> {
    const zip = await yauzl.openPromise(archivePath, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
    });
    const byPath = new Map<string, yauzl.Entry>();
    try {
      for await (const entry of zip.eachEntry()) byPath.set(entry.fileName, entry);
    } catch (error) {
      zip.close();
      throw error;
    }
    const entries = manifest.entries.map((entry): ArchiveEntryIn => ({
      path: entry.path,
      size: entry.size,
      modifiedAt: new Date(entry.modifiedAt),
      sha256: entry.sha256,
      isFolder: entry.type === 'folder',
    }));
    return new ZipArchiveReader(zip, byPath, entries, onBytes);
  }

  list(prefix: string): readonly ArchiveEntryIn[] {
    return this.entries.filter((entry) => entry.path.startsWith(prefix));
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  async open(path: string): Promise<Readable> {
    const entry = this.byPath.get(path);
    if (!entry || path.endsWith('/')) throw new Error(`The archive has no file ${path}`);
    const stream = await this.zip.openReadStreamPromise(entry);
    const onBytes = this.onBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        onBytes(chunk.length);
        done(null, chunk);
      },
    });
    stream.on('error', (error) => counter.destroy(error));
    return stream.pipe(counter);
  }

  async readJson<T>(path: string): Promise<T> {
    const entry = this.byPath.get(path);
    if (entry && entry.uncompressedSize > MAX_JSON_BYTES) {
      throw new Error(`${path} is too large to read as JSON (${entry.uncompressedSize} bytes)`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await this.open(path)) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
  }

  close(): void {
    this.zip.close();
  }
}
