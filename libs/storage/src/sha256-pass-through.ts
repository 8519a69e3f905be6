import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import type { StoredObject } from './object-storage';

/**
 * Passes bytes through unchanged while counting them and hashing them with SHA-256, so a driver
 * learns an object's size and checksum in the same single pass that stores it.
 */
export class Sha256PassThrough extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private sha256: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    callback();
  }

  /** Size and digest of everything that went through; only known once the input has ended. */
  result(): StoredObject {
    if (this.sha256 === undefined)
      throw new Error('The checksum is only known once the whole body has been read');
    return { size: this.size, sha256: this.sha256 };
  }
}
