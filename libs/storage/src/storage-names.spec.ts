import { StorageErrorCode } from './storage-error-code';
import { assertBucketName, assertKeyPrefix, assertObjectKey, assertRange } from './storage-names';

describe('storage names', () => {
  it.each([
    'a',
    '0f/abc-1',
    'files/ab/cd/0a1b2c3d-uuid',
    'exports/export-1.zip',
    'a_b.c-d',
    `a/${'x'.repeat(255)}`,
  ])('accepts the key %p', (key) => expect(() => assertObjectKey(key)).not.toThrow());

  it.each([
    '',
    '.a',
    'a/.b',
    'a/',
    '/a',
    'a//b',
    'a/../b',
    'a..b',
    'A',
    'a b',
    'a\\b',
    'é',
    'x'.repeat(256),
    `a/${'x'.repeat(1023)}`,
  ])('refuses the key %p', (key) => {
    expect(() => assertObjectKey(key)).toThrow(
      expect.objectContaining({ code: StorageErrorCode.InvalidObjectKey }),
    );
  });

  it.each(['', 'files/', 'files/a', 'f'])('accepts the prefix %p', (prefix) =>
    expect(() => assertKeyPrefix(prefix)).not.toThrow(),
  );

  it.each(['/', '../', 'a/..', 'A'])('refuses the prefix %p', (prefix) => {
    expect(() => assertKeyPrefix(prefix)).toThrow(
      expect.objectContaining({ code: StorageErrorCode.InvalidObjectKey }),
    );
  });

  it.each(['abc', 'household-0a1b2c3d', 'a.b.c', '123', 'a'.repeat(63)])(
    'accepts the bucket %p',
    (bucket) => expect(() => assertBucketName(bucket)).not.toThrow(),
  );

  it.each([
    'ab',
    'a'.repeat(64),
    'Abc',
    '-abc',
    'abc-',
    'a..b',
    'a.-b',
    'a-.b',
    '10.0.0.1',
    'xn--abc',
    'abc-s3alias',
    'a_b',
  ])('refuses the bucket %p', (bucket) => {
    expect(() => assertBucketName(bucket)).toThrow(
      expect.objectContaining({ code: StorageErrorCode.InvalidBucketName }),
    );
  });

  it.each([
    [0, 0],
    [5, 10],
  ])('accepts the range %p-%p', (start, end) =>
    expect(() => assertRange({ start, end })).not.toThrow(),
  );

  it.each([
    [-1, 3],
    [4, 3],
    [0.5, 3],
    [0, Number.POSITIVE_INFINITY],
  ])('refuses the range %p-%p', (start, end) => {
    expect(() => assertRange({ start, end })).toThrow(
      expect.objectContaining({ code: StorageErrorCode.InvalidRange }),
    );
  });
});
