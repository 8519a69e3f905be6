import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import {
  CHUNK_OVERHEAD,
  chunkCount,
  chunkSpan,
  decodeHeader,
  encodeHeader,
  encryptedSize,
  HEADER_BYTES,
  plaintextSize,
} from './envelope';

describe('envelope header', () => {
  it('round-trips key version, chunk size and salt', () => {
    const salt = randomBytes(16);
    const header = encodeHeader(7, 65536, salt);
    expect(header.bytes).toHaveLength(HEADER_BYTES);
    const decoded = decodeHeader(Buffer.concat([header.bytes, Buffer.from('rest')]));
    expect(decoded).toMatchObject({ keyVersion: 7, chunkSize: 65536 });
    expect(decoded.salt.equals(salt)).toBe(true);
  });

  it('refuses a wrong magic, version, reserved byte or chunk size', () => {
    const good = encodeHeader(1, 65536, randomBytes(16)).bytes;
    const broken = (at: number, value: number) => {
      const copy = Buffer.from(good);
      copy[at] = value;
      return copy;
    };
    expect(() => decodeHeader(broken(1, 0x41))).toThrow(/magic/);
    expect(() => decodeHeader(broken(8, 2))).toThrow(/version 2/);
    expect(() => decodeHeader(broken(10, 1))).toThrow(/reserved/);
    expect(() => decodeHeader(broken(16, 0x7f))).toThrow(/out of bounds/);
    expect(() => decodeHeader(good.subarray(0, 20))).toThrow(/shorter/);
  });
});

describe('envelope sizes', () => {
  it('adds the header and 28 bytes a chunk, under 0.1 % for anything past a few chunks', () => {
    expect(encryptedSize(0, 65536)).toBe(HEADER_BYTES + CHUNK_OVERHEAD);
    expect(encryptedSize(65536, 65536)).toBe(HEADER_BYTES + 65536 + CHUNK_OVERHEAD);
    expect(encryptedSize(65537, 65536)).toBe(HEADER_BYTES + 65537 + 2 * CHUNK_OVERHEAD);
    const gib = 1024 ** 3;
    expect((encryptedSize(gib, 65536) - gib) / gib).toBeLessThan(0.001);
  });

  it('recovers every plaintext size from its stored size, and no other', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.constantFrom(1024, 4096, 65536), (size, chunk) => {
        expect(plaintextSize(encryptedSize(size, chunk), chunk)).toBe(size);
      }),
    );
    // Sizes no plaintext encrypts to: a truncated header, a chunk of only nonce and tag at the end.
    expect(plaintextSize(HEADER_BYTES + 10, 1024)).toBeUndefined();
    expect(plaintextSize(HEADER_BYTES + 1024 + 2 * CHUNK_OVERHEAD, 1024)).toBeUndefined();
  });
});

describe('chunkSpan', () => {
  it('maps a plaintext range to the stored chunks it touches, cut at the end', () => {
    const chunk = 1024;
    const size = 10 * chunk + 100;
    const stored = chunk + CHUNK_OVERHEAD;
    expect(chunkSpan({ start: 1500, end: 2500 }, size, chunk)).toEqual({
      firstChunk: 1,
      lastChunk: 2,
      stored: { start: HEADER_BYTES + stored, end: HEADER_BYTES + 3 * stored - 1 },
      skip: 1500 - chunk,
      length: 1001,
    });
    expect(chunkSpan({ start: size - 1, end: size + 5000 }, size, chunk)).toEqual({
      firstChunk: 10,
      lastChunk: 10,
      stored: { start: HEADER_BYTES + 10 * stored, end: encryptedSize(size, chunk) - 1 },
      skip: 99,
      length: 1,
    });
    expect(() => chunkSpan({ start: size, end: size }, size, chunk)).toThrow(/past the end/);
  });

  it('covers exactly the chunks of any range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(), fc.nat(), (size, a, b) => {
        const start = a % size;
        const end = start + (b % 200_000);
        const span = chunkSpan({ start, end }, size, 1024);
        expect(span.firstChunk * 1024 + span.skip).toBe(start);
        expect(span.length).toBe(Math.min(end, size - 1) - start + 1);
        expect(span.lastChunk).toBeLessThan(chunkCount(size, 1024));
        expect(span.stored.end).toBeLessThan(encryptedSize(size, 1024));
      }),
    );
  });
});
