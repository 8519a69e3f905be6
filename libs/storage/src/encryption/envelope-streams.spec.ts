import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { encodeHeader, EnvelopeError, HEADER_BYTES } from './envelope';
import { openChunks, sealChunks, splitHead } from './envelope-streams';
import { ObjectCipher } from './object-cipher';

const CHUNK = 1024;

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(Buffer.from(piece));
  return Buffer.concat(pieces);
}

function cipherFor(dataKey: Buffer, key = 'files/a') {
  const header = encodeHeader(1, CHUNK, randomBytes(16));
  return { header, cipher: new ObjectCipher(dataKey, header, key) };
}

describe('sealChunks and openChunks', () => {
  it('round-trip any size, in pieces of any size', async () => {
    const dataKey = randomBytes(32);
    for (const size of [0, 1, CHUNK, CHUNK + 1, 5 * CHUNK - 3]) {
      const data = randomBytes(size);
      const { header, cipher } = cipherFor(dataKey);
      const sealed = await collect(
        sealChunks(Readable.from([data.subarray(0, 7), data.subarray(7)]), cipher, header),
      );
      const { head, rest } = await splitHead(Readable.from([sealed]), HEADER_BYTES);
      expect(head.equals(header.bytes)).toBe(true);
      expect((await collect(openChunks(rest, cipher, CHUNK))).equals(data)).toBe(true);
    }
  });

  it('refuses the chunks under another object key', async () => {
    const dataKey = randomBytes(32);
    const { header, cipher } = cipherFor(dataKey, 'files/a');
    const sealed = await collect(sealChunks(Readable.from([randomBytes(3000)]), cipher, header));
    const elsewhere = new ObjectCipher(dataKey, header, 'files/b');
    await expect(
      collect(openChunks(Readable.from([sealed.subarray(HEADER_BYTES)]), elsewhere, CHUNK)),
    ).rejects.toThrow(EnvelopeError);
  });
});

describe('splitHead', () => {
  it('ends the source when the rest is discarded unread', async () => {
    const source = Readable.from([Buffer.alloc(10), Buffer.alloc(100), Buffer.alloc(100)], {
      objectMode: false,
    });
    const { head, discard } = await splitHead(source, 20);
    expect(head).toHaveLength(20);
    await discard();
    expect(source.destroyed).toBe(true);
  });
});
