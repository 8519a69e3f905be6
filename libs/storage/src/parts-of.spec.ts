import { Readable } from 'node:stream';
import { Part, partsOf } from './parts-of';

async function cut(
  chunkSizes: number[],
  partSize: number,
): Promise<{ number: number; size: number; last: boolean }[]> {
  let value = 0;
  const chunks = chunkSizes.map((size) =>
    Buffer.from(Array.from({ length: size }, () => value++ % 256)),
  );
  const parts: Part[] = [];
  // Copied: each part's buffer is reused for the next one.
  for await (const part of partsOf(Readable.from(chunks), partSize)) {
    parts.push({ ...part, data: Buffer.from(part.data) });
  }
  // Bytes come out in order and none is lost or repeated.
  expect(Buffer.concat(parts.map((part) => part.data))).toEqual(Buffer.concat(chunks));
  return parts.map(({ number, data, last }) => ({ number, size: data.length, last }));
}

describe('partsOf', () => {
  it('yields one empty, last part for an empty stream', async () => {
    expect(await cut([], 10)).toEqual([{ number: 1, size: 0, last: true }]);
  });

  it('keeps a body of exactly one part size in one last part', async () => {
    expect(await cut([4, 6], 10)).toEqual([{ number: 1, size: 10, last: true }]);
  });

  it('cuts a full part once one more byte follows', async () => {
    expect(await cut([10, 1], 10)).toEqual([
      { number: 1, size: 10, last: false },
      { number: 2, size: 1, last: true },
    ]);
  });

  it('cuts chunks larger than a part into several parts', async () => {
    expect(await cut([3, 25, 2], 10)).toEqual([
      { number: 1, size: 10, last: false },
      { number: 2, size: 10, last: false },
      { number: 3, size: 10, last: true },
    ]);
  });

  it('cuts every part into the same buffer, so memory stays at one part', async () => {
    const seen = new Set<ArrayBufferLike>();
    for await (const part of partsOf(
      Readable.from([Buffer.alloc(25, 1), Buffer.alloc(7, 2)]),
      10,
    )) {
      seen.add(part.data.buffer);
    }
    expect(seen.size).toBe(1);
  });
});
