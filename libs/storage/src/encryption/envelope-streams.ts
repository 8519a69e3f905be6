import { createHash } from 'node:crypto';
import type { StoredObject } from '../object-storage';
import { partsOf } from '../parts-of';
import { CHUNK_OVERHEAD, EnvelopeError, EnvelopeHeader } from './envelope';
import { ObjectCipher } from './object-cipher';

/** The envelope of a plaintext stream: the header, then each chunk sealed as it fills. */
export async function* sealChunks(
  plaintext: AsyncIterable<Buffer>,
  cipher: ObjectCipher,
  header: EnvelopeHeader,
): AsyncGenerator<Buffer> {
  yield header.bytes;
  let index = 0;
  // One chunk in memory, whatever the size; each chunk knows whether it is the last.
  for await (const part of partsOf(plaintext, header.chunkSize)) {
    yield* cipher.seal(index++, part.last, part.data);
  }
}

/** Which chunks a read covers, when it is not the whole object. */
export interface ChunkWindow {
  readonly firstChunk: number;
  readonly lastChunk: number;
  /** Chunks in the whole object: says which one carries the last-chunk flag. */
  readonly totalChunks: number;
  readonly skip: number;
  readonly length: number;
}

/**
 * The plaintext of stored chunks (everything after the header, or the chunks of a window).
 * Throws an EnvelopeError as soon as a chunk does not authenticate or the stream ends early or
 * late, so no unauthenticated byte is ever yielded.
 */
export async function* openChunks(
  stored: AsyncIterable<Buffer>,
  cipher: ObjectCipher,
  chunkSize: number,
  window?: ChunkWindow,
): AsyncGenerator<Buffer> {
  const firstChunk = window?.firstChunk ?? 0;
  let skip = window?.skip ?? 0;
  let remaining = window?.length ?? Infinity;
  for await (const part of partsOf(stored, chunkSize + CHUNK_OVERHEAD)) {
    const index = firstChunk + part.number - 1;
    let last = part.last;
    if (window) {
      if (index > window.lastChunk) throw new EnvelopeError('the object is longer than it says');
      if (part.last && index < window.lastChunk) throw new EnvelopeError('the object is truncated');
      last = index === window.totalChunks - 1;
    }
    let plaintext = cipher.open(index, last, part.data);
    if (skip > 0 || plaintext.length > remaining) {
      plaintext = plaintext.subarray(skip, skip + Math.min(remaining, plaintext.length - skip));
      skip = 0;
    }
    remaining -= plaintext.length;
    if (plaintext.length > 0) yield plaintext;
  }
}

/** Counts and hashes the plaintext on its way in, so the port reports the plaintext's size and SHA-256. */
export class PlaintextTally {
  private readonly hash = createHash('sha256');
  private size = 0;
  private sha256: string | undefined;

  async *count(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.size += chunk.length;
      yield chunk;
    }
    this.sha256 = this.hash.digest('hex');
  }

  result(): StoredObject {
    if (this.sha256 === undefined)
      throw new Error('The checksum is only known once the whole body has been read');
    return { size: this.size, sha256: this.sha256 };
  }
}

/**
 * The first `bytes` of a stream (fewer when it is shorter) and the rest of it, unread. Ending the
 * rest early ends the source too; `discard` ends it when the rest is never read (a generator
 * that never started runs no `finally`, so returning it would leave the source open).
 */
export async function splitHead(
  source: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncGenerator<Buffer>; discard: () => Promise<void> }> {
  const iterator = source[Symbol.asyncIterator]();
  const pieces: Buffer[] = [];
  let length = 0;
  let done = false;
  try {
    while (length < bytes) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      pieces.push(next.value);
      length += next.value.length;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const all = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
  const extra = all.subarray(bytes);
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      if (extra.length > 0) yield extra;
      while (!done) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  const discard = async (): Promise<void> => {
    if (!done) await iterator.return?.();
  };
  return { head: all.subarray(0, bytes), rest: rest(), discard };
}
