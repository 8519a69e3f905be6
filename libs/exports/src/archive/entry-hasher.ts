import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/**
 * Passes an entry's bytes through unchanged while counting and hashing them (SHA-256), so the
 * manifest's checksums come from the very bytes written, in the same single pass.
 */
export class EntryHasher extends Transform {
  private readonly hash = createHash('sha256');
  private count = 0;
  private digest: string | undefined;

  constructor(private readonly onBytes: (bytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    this.onBytes(chunk.length);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    callback();
  }

  get size(): number {
    return this.count;
  }

  /** Only known once the whole entry went through. */
  get sha256(): string {
    if (this.digest === undefined) throw new Error('The entry has not been read to its end');
    return this.digest;
  }
}
