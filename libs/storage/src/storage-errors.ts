import { FoyerError } from '@foyer/core';
import { StorageErrorCode } from './storage-error-code';

/** The errors both drivers throw, built in one place so that their codes and messages agree. */

export function bucketNotFound(bucket: string): FoyerError {
  return new FoyerError(
    500,
    StorageErrorCode.BucketNotFound,
    `Storage bucket "${bucket}" does not exist`,
  );
}

export function objectNotFound(bucket: string, key: string): FoyerError {
  return new FoyerError(
    404,
    StorageErrorCode.ObjectNotFound,
    `No stored object "${key}" in bucket "${bucket}"`,
  );
}

export function rangeNotSatisfiable(
  bucket: string,
  key: string,
  start: number,
  size?: number,
): FoyerError {
  const of = size === undefined ? '' : ` of ${size} bytes`;
  return new FoyerError(
    416,
    StorageErrorCode.RangeNotSatisfiable,
    `Byte ${start} is past the end of object "${key}"${of} in bucket "${bucket}"`,
  );
}

export function keyConflict(bucket: string, key: string): FoyerError {
  return new FoyerError(
    500,
    StorageErrorCode.KeyConflict,
    `Key "${key}" in bucket "${bucket}" would be both an object and a folder of other objects`,
  );
}

/** Wraps a driver failure, keeping the original as `cause` for the logs. */
export function storageUnavailable(operation: string, cause: unknown): FoyerError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new FoyerError(
    503,
    StorageErrorCode.Unavailable,
    `Object storage could not ${operation}: ${reason}`,
  );
  error.cause = cause;
  return error;
}

/**
 * Said to people without the bucket or key (a 5xx never echoes a path); the log and the audit
 * entry name the object.
 */
export function integrityFailed(): FoyerError {
  return new FoyerError(
    500,
    StorageErrorCode.IntegrityFailed,
    'The stored object failed its integrity check: it was altered, truncated or moved, and none of it is served',
  );
}
