import type { ByteRange } from '../object-storage';

/**
 * The at-rest envelope of a household's object (format 1, see decision 0016):
 *
 *   header: magic (8) | format version (1) | reserved, zero (3) | key version (u32 BE)
 *           | chunk size (u32 BE) | salt (16)                                  = 36 bytes
 *   chunks: nonce (12) | AES-256-GCM ciphertext (chunk size, the last one 0..chunk size) | tag (16)
 *
 * Every chunk but the last holds exactly `chunkSize` plaintext bytes, so the stored size fixes
 * the plaintext size and any plaintext offset maps to one chunk without an index.
 */
export const MAGIC = Buffer.from([0x89, 0x46, 0x4f, 0x59, 0x45, 0x52, 0x0d, 0x0a]); // \x89FOYER\r\n
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 36;
export const SALT_BYTES = 16;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** What each chunk adds to its plaintext: 28 bytes, 0.043 % of a 64 KiB chunk. */
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** Bounds a header may claim: a damaged header must not make a reader allocate gigabytes. */
export const MIN_CHUNK_SIZE = 1024;
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;

export interface EnvelopeHeader {
  readonly keyVersion: number;
  readonly chunkSize: number;
  readonly salt: Buffer;
  /** The header's 36 bytes as stored: part of every chunk's authenticated data. */
  readonly bytes: Buffer;
}

/** Why a stored object cannot be what it claims; turned into a storage error by the caller. */
export class EnvelopeError extends Error {}

export function encodeHeader(keyVersion: number, chunkSize: number, salt: Buffer): EnvelopeHeader {
  if (salt.length !== SALT_BYTES) throw new RangeError(`A salt is ${SALT_BYTES} bytes`);
  assertChunkSize(chunkSize);
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(FORMAT_VERSION, 8);
  bytes.writeUInt32BE(keyVersion, 12);
  bytes.writeUInt32BE(chunkSize, 16);
  salt.copy(bytes, 20);
  return { keyVersion, chunkSize, salt: Buffer.from(salt), bytes };
}

/** Whether stored bytes begin like an envelope (plaintext objects from before encryption do not). */
export function hasMagic(start: Buffer): boolean {
  return start.length >= MAGIC.length && start.subarray(0, MAGIC.length).equals(MAGIC);
}

/** Reads a header; its authenticity is only known once a chunk opens under it. */
export function decodeHeader(start: Buffer): EnvelopeHeader {
  if (start.length < HEADER_BYTES || !hasMagic(start)) {
    throw new EnvelopeError('the object is shorter than its header or lacks the envelope magic');
  }
  const version = start.readUInt8(8);
  if (version !== FORMAT_VERSION) throw new EnvelopeError(`unknown envelope version ${version}`);
  if (start.readUIntBE(9, 3) !== 0) throw new EnvelopeError('reserved header bytes are not zero');
  const chunkSize = start.readUInt32BE(16);
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new EnvelopeError(`chunk size ${chunkSize} is out of bounds`);
  }
  const bytes = Buffer.from(start.subarray(0, HEADER_BYTES));
  return {
    keyVersion: bytes.readUInt32BE(12),
    chunkSize,
    salt: bytes.subarray(20, 20 + SALT_BYTES),
    bytes,
  };
}

function assertChunkSize(chunkSize: number): void {
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`A chunk size is ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE} bytes`);
  }
}

/** Chunks of a plaintext: at least one (an empty object has one empty, last chunk). */
export function chunkCount(plaintextSize: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plaintextSize / chunkSize));
}

export function encryptedSize(plaintextSize: number, chunkSize: number): number {
  return HEADER_BYTES + plaintextSize + chunkCount(plaintextSize, chunkSize) * CHUNK_OVERHEAD;
}

/**
 * The plaintext size behind a stored size, or undefined when no plaintext encrypts to that many
 * bytes (the object was truncated or extended).
 */
export function plaintextSize(storedSize: number, chunkSize: number): number | undefined {
  const body = storedSize - HEADER_BYTES;
  if (body < CHUNK_OVERHEAD) return undefined;
  const chunks = Math.ceil(body / (chunkSize + CHUNK_OVERHEAD));
  const size = body - chunks * CHUNK_OVERHEAD;
  // Only an empty object may end on a chunk that holds no plaintext.
  const lastChunk = size - (chunks - 1) * chunkSize;
  if (lastChunk < 0 || (lastChunk === 0 && chunks > 1)) return undefined;
  return size;
}

/** The chunks a plaintext range touches, where they are stored, and what to keep of them. */
export interface ChunkSpan {
  readonly firstChunk: number;
  readonly lastChunk: number;
  /** Stored bytes to read, both ends inclusive. */
  readonly stored: ByteRange;
  /** Plaintext bytes to drop from the start of the first chunk. */
  readonly skip: number;
  /** Plaintext bytes to serve: the range cut at the end of the object. */
  readonly length: number;
}

/**
 * Maps a plaintext range (inclusive, `start` inside the object) to whole stored chunks. A range
 * running past the end is cut there, as both drivers cut plaintext ranges.
 */
export function chunkSpan(range: ByteRange, size: number, chunkSize: number): ChunkSpan {
  if (range.start >= size) throw new RangeError('The range starts past the end of the object');
  const end = Math.min(range.end, size - 1);
  const firstChunk = Math.floor(range.start / chunkSize);
  const lastChunk = Math.floor(end / chunkSize);
  const storedChunk = chunkSize + CHUNK_OVERHEAD;
  const storedEnd = Math.min(
    HEADER_BYTES + (lastChunk + 1) * storedChunk,
    encryptedSize(size, chunkSize),
  );
  return {
    firstChunk,
    lastChunk,
    stored: { start: HEADER_BYTES + firstChunk * storedChunk, end: storedEnd - 1 },
    skip: range.start - firstChunk * chunkSize,
    length: end - range.start + 1,
  };
}
