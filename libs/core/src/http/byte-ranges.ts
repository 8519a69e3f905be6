/** Inclusive byte positions (the same shape as the storage port's ByteRange). */
export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/** What a Range header asks of a resource (a file, an archive) of a given size. */
export type RangeRequest =
  /** No usable Range: send the whole file (200). Also for several ranges, which Foyer does not serve. */
  | { kind: 'full' }
  /** One satisfiable range (206), cut at the end of the file. */
  | { kind: 'partial'; range: ByteRange }
  /** A well-formed range that starts past the end (416). */
  | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

/**
 * Parses a `Range` header (RFC 9110 §14.1.2) for a file of `size` bytes. A header that is not
 * `bytes=...`, or is malformed, is ignored (the RFC lets a server ignore it): the whole file.
 * Several ranges are not served either (multipart/byteranges is rarely needed and easy to abuse):
 * the whole file, 200. Suffix ranges (`bytes=-500`) are the last bytes. An empty file has no
 * satisfiable range, but is simply sent whole.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'full' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return { kind: 'full' };
  const specs = match[1].split(',').map((spec) => spec.trim());
  if (specs.length !== 1) return { kind: 'full' };
  const parts = SPEC.exec(specs[0]);
  if (!parts) return { kind: 'full' };
  const [, first, last] = parts;
  if (first === '' && last === '') return { kind: 'full' };
  if (size === 0) return { kind: 'full' };
  if (first === '') {
    const length = Number(last);
    if (!Number.isSafeInteger(length)) return { kind: 'full' };
    if (length === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'full' };
  if (last !== '' && end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end: Math.min(end, size - 1) } };
}
