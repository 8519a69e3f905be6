import type { FileNodeRow } from '../repositories/file-node-row';
import { planDownload } from './download-headers';

const node = {
  kind: 'file',
  size: 100,
  modifiedAt: new Date('2026-01-02T03:04:05.678Z'),
} as FileNodeRow;
const etag = '"abc"';
const lastModified = node.modifiedAt.toUTCString();

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return undefined;
}

describe('planDownload', () => {
  it('sends the whole file without conditions', () => {
    expect(planDownload(node, etag, {})).toEqual({ kind: 'full' });
  });

  it('answers 304 to If-None-Match (any listed tag, weak too) and to If-Modified-Since', () => {
    expect(planDownload(node, etag, { ifNoneMatch: '"x", W/"abc"' })).toEqual({
      kind: 'not-modified',
    });
    expect(planDownload(node, etag, { ifNoneMatch: '*' })).toEqual({ kind: 'not-modified' });
    expect(planDownload(node, etag, { ifModifiedSince: lastModified })).toEqual({
      kind: 'not-modified',
    });
    // If-None-Match wins over If-Modified-Since.
    expect(planDownload(node, etag, { ifNoneMatch: '"x"', ifModifiedSince: lastModified })).toEqual(
      {
        kind: 'full',
      },
    );
    expect(planDownload(node, etag, { ifModifiedSince: 'not a date' })).toEqual({ kind: 'full' });
  });

  it('refuses with 412 when If-Match or If-Unmodified-Since fails', () => {
    expect(codeOf(() => planDownload(node, etag, { ifMatch: '"x"' }))).toBe('PRECONDITION_FAILED');
    expect(planDownload(node, etag, { ifMatch: '"abc"' })).toEqual({ kind: 'full' });
    expect(
      codeOf(() =>
        planDownload(node, etag, { ifUnmodifiedSince: 'Thu, 01 Jan 2026 00:00:00 GMT' }),
      ),
    ).toBe('PRECONDITION_FAILED');
    expect(planDownload(node, etag, { ifUnmodifiedSince: lastModified })).toEqual({ kind: 'full' });
  });

  it('serves ranges, honouring If-Range', () => {
    expect(planDownload(node, etag, { range: 'bytes=10-19' })).toEqual({
      kind: 'partial',
      range: { start: 10, end: 19 },
    });
    expect(planDownload(node, etag, { range: 'bytes=10-19', ifRange: '"abc"' })).toMatchObject({
      kind: 'partial',
    });
    expect(planDownload(node, etag, { range: 'bytes=10-19', ifRange: lastModified })).toMatchObject(
      {
        kind: 'partial',
      },
    );
    expect(planDownload(node, etag, { range: 'bytes=10-19', ifRange: '"old"' })).toEqual({
      kind: 'full',
    });
    expect(codeOf(() => planDownload(node, etag, { range: 'bytes=100-' }))).toBe(
      'RANGE_NOT_SATISFIABLE',
    );
  });
});
