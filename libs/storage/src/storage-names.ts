import { FoyerError } from '@foyer/core';
import type { ByteRange } from './object-storage';
import { StorageErrorCode } from './storage-error-code';

/**
 * Keys are ids Foyer chooses: lowercase segments separated by single slashes, each starting with a
 * letter or digit. That is stricter than "no `..`": it also rules out `.`-segments, empty segments
 * and hidden names, so a key always maps to a plain path under the bucket folder on disk and never
 * collides with the driver's own `.upload-*` temporary files.
 */
const KEY = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/;
const PREFIX = /^[a-z0-9/_.-]*$/;
/** S3's limit on a key. */
const MAX_KEY_LENGTH = 1024;
/** Most file systems' limit on one path segment. */
const MAX_SEGMENT_LENGTH = 255;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

function invalidKey(what: string, value: string, rule: string): FoyerError {
  return new FoyerError(
    500,
    StorageErrorCode.InvalidObjectKey,
    `Invalid object ${what} "${value}": ${rule}`,
  );
}

export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || !KEY.test(key) || key.includes('..')) {
    throw invalidKey(
      'key',
      key,
      'use lowercase letters, digits, "_", "-" and ".", in segments separated by single "/" that each start with a letter or digit, and no ".."',
    );
  }
  if (key.length > MAX_KEY_LENGTH)
    throw invalidKey('key', key, `longer than ${MAX_KEY_LENGTH} characters`);
  if (key.split('/').some((segment) => segment.length > MAX_SEGMENT_LENGTH)) {
    throw invalidKey('key', key, `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
}

/** A listing prefix is any beginning of a valid key ("", "exports/", "files/ab"). */
export function assertKeyPrefix(prefix: string): void {
  if (
    typeof prefix !== 'string' ||
    !PREFIX.test(prefix) ||
    prefix.includes('..') ||
    prefix.startsWith('/')
  ) {
    throw invalidKey('key prefix', prefix, 'it can never begin a valid key');
  }
}

/** S3's rules for general-purpose buckets, applied by the disk driver too so that both agree. */
export function assertBucketName(bucket: string): void {
  const broken =
    typeof bucket !== 'string' ||
    !BUCKET.test(bucket) ||
    /\.\.|\.-|-\./.test(bucket) ||
    IP_ADDRESS.test(bucket) ||
    RESERVED_BUCKET_PREFIXES.some((prefix) => bucket.startsWith(prefix)) ||
    RESERVED_BUCKET_SUFFIXES.some((suffix) => bucket.endsWith(suffix));
  if (broken) {
    throw new FoyerError(
      500,
      StorageErrorCode.InvalidBucketName,
      `Invalid bucket name "${bucket}": use 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit (S3 rules)`,
    );
  }
}

export function assertRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new FoyerError(
      500,
      StorageErrorCode.InvalidRange,
      `Invalid byte range ${start}-${end}: both ends are inclusive integers with 0 <= start <= end`,
    );
  }
}
