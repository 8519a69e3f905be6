export interface Part {
  /** 1-based, as S3 numbers parts. */
  number: number;
  data: Buffer;
  /** Whether no byte follows this part. */
  last: boolean;
}

/**
 * Cuts a byte stream into parts of exactly `partSize` bytes, the last one shorter (and empty only
 * when the whole stream is). A part is only cut once at least one more byte has arrived, so each
 * part says whether it is the last: a body that fits one part can then be stored with one PUT.
 * At most one part plus one incoming chunk is held in memory; the source is not read while the
 * consumer works on a part, so backpressure reaches the producer.
 */
export async function* partsOf(
  source: AsyncIterable<Buffer>,
  partSize: number,
): AsyncGenerator<Part> {
  let chunks: Buffer[] = [];
  let buffered = 0;
  let number = 1;
  for await (const chunk of source) {
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered > partSize) {
      const joined = Buffer.concat(chunks, buffered);
      yield { number: number++, data: joined.subarray(0, partSize), last: false };
      // Copied, so the part just handed out can be garbage-collected while the next one fills.
      const rest = Buffer.from(joined.subarray(partSize));
      chunks = [rest];
      buffered = rest.length;
    }
  }
  yield { number, data: Buffer.concat(chunks, buffered), last: true };
}
