import { FoyerError, parseRange } from '@foyer/core';
import type { ByteRange } from '@foyer/storage';
import { FilesErrorCode } from '../files-error-code';
import type { FileNodeRow } from '../repositories/file-node-row';
import { etagListMatches } from '../services/files.service';

export interface ConditionalHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
  ifRange?: string;
  range?: string;
}

/** What to answer a GET or HEAD of a file with, before any byte is read. */
export type DownloadPlan =
  { kind: 'not-modified' } | { kind: 'full' } | { kind: 'partial'; range: ByteRange };

/** Whole seconds, as HTTP dates carry them. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function httpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Evaluates the conditional headers in RFC 9110 §13.2.2's order — If-Match, If-Unmodified-Since,
 * If-None-Match, If-Modified-Since, then Range with If-Range — for a file with this etag. Throws
 * 412 PRECONDITION_FAILED and 416 RANGE_NOT_SATISFIABLE.
 */
export function planDownload(
  node: FileNodeRow,
  etag: string,
  headers: ConditionalHeaders,
): DownloadPlan {
  const modified = seconds(node.modifiedAt);
  if (headers.ifMatch !== undefined) {
    if (!etagListMatches(headers.ifMatch, etag)) throw preconditionFailed('If-Match');
  } else {
    const since = httpDate(headers.ifUnmodifiedSince);
    if (since && modified > seconds(since)) throw preconditionFailed('If-Unmodified-Since');
  }
  if (headers.ifNoneMatch !== undefined) {
    if (etagListMatches(headers.ifNoneMatch, etag)) return { kind: 'not-modified' };
  } else {
    const since = httpDate(headers.ifModifiedSince);
    if (since && modified <= seconds(since)) return { kind: 'not-modified' };
  }
  if (headers.range === undefined) return { kind: 'full' };
  if (headers.ifRange !== undefined) {
    const ifRange = headers.ifRange.trim();
    const date = ifRange.startsWith('"') ? undefined : httpDate(ifRange);
    const holds = date ? seconds(date) === modified : ifRange === etag;
    if (!holds) return { kind: 'full' };
  }
  const range = parseRange(headers.range, node.size);
  if (range.kind === 'unsatisfiable') {
    throw new FoyerError(
      416,
      FilesErrorCode.RangeNotSatisfiable,
      `The range starts past the end of the file (${node.size} bytes)`,
      { size: node.size },
    );
  }
  return range.kind === 'partial' ? { kind: 'partial', range: range.range } : { kind: 'full' };
}

function preconditionFailed(header: string): FoyerError {
  return new FoyerError(412, FilesErrorCode.PreconditionFailed, `${header} does not hold`);
}
