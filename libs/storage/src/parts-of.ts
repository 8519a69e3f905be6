export interface Part {
  /** 1-based, as S3 numbers parts. */
  number: number;
  /**
   * The part's bytes. Every part is cut into the same buffer, so `data` is only valid until the
   * consumer asks for the next part: copy it to keep it longer.
   */
  data: Buffer;
  /** Whether no byte follows this part. */
  last: boolean;
}

/**
 * Cuts a byte stream into parts of exactly `partSize` bytes, the last one shorter (and empty only
 * when the whole stream is). A part is only cut once at least one more byte has arrived, so each
 * part says whether it is the last: a body that fits one part can then be stored with one PUT.
 *
 * Memory stays at one part plus one incoming chunk, whatever the stream's length: the bytes are
 * copied once, into one buffer that every part reuses (a list of chunks joined per part would
 * hold each part twice, and the garbage collector frees the joined copies late). The source is
 * not read while the consumer works on a part, so backpressure reaches the producer.
 */
export async function* partsOf(
  source: AsyncIterable<Buffer>,
  partSize: number,
): AsyncGenerator<Part> {
  // Allocated on the first byte and not zero-filled: a small body only makes the pages it
  // writes resident, not the whole part.
  let buffer: Buffer | undefined;
  let filled = 0;
  let number = 1;
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.length) {
      buffer ??= Buffer.allocUnsafeSlow(partSize);
      if (filled === partSize) {
        yield { number: number++, data: buffer, last: false };
        filled = 0;
      }
      const copied = chunk.copy(
        buffer,
        filled,
        offset,
        Math.min(chunk.length, offset + partSize - filled),
      );
      filled += copied;
      offset += copied;
    }
  }
  yield { number, data: buffer ? buffer.subarray(0, filled) : Buffer.alloc(0), last: true };
}
