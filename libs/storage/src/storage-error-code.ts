/**
 * Codes of the storage library's errors. Buckets and keys are chosen by Foyer, never by users, so
 * an invalid name is a programming error (500), not bad input.
 */
export enum StorageErrorCode {
  /** A bucket name breaks the S3 naming rules (thrown by both drivers, so they agree). */
  InvalidBucketName = 'STORAGE_INVALID_BUCKET_NAME',
  /** An object key or listing prefix is not a Foyer id (see `storage-names.ts`). */
  InvalidObjectKey = 'STORAGE_INVALID_OBJECT_KEY',
  /** A byte range is malformed (negative, fractional, or ending before it starts). */
  InvalidRange = 'STORAGE_INVALID_RANGE',
  /** A byte range starts at or past the end of the object (HTTP 416). */
  RangeNotSatisfiable = 'RANGE_NOT_SATISFIABLE',
  /** The bucket does not exist: the household's storage was never provisioned or was removed. */
  BucketNotFound = 'STORAGE_BUCKET_NOT_FOUND',
  /** No object under that key. */
  ObjectNotFound = 'STORAGE_OBJECT_NOT_FOUND',
  /** S3 driver only: the body needs more than 10,000 parts of the configured part size (413). */
  ObjectTooLarge = 'STORAGE_OBJECT_TOO_LARGE',
  /** Disk driver only: a key would be both an object and a folder of other objects ("a", "a/b"). */
  KeyConflict = 'STORAGE_KEY_CONFLICT',
  /**
   * An encrypted object failed its integrity check (a changed byte, a truncation, a chunk from
   * another object or household, an unknown envelope): nothing unauthenticated is served.
   */
  IntegrityFailed = 'STORAGE_INTEGRITY_FAILED',
  /** The household's data key is gone (purged) or cannot be unwrapped: its objects are unreadable. */
  KeyUnavailable = 'STORAGE_KEY_UNAVAILABLE',
  /** The store failed or could not be reached; the message names the operation and the cause. */
  Unavailable = 'STORAGE_UNAVAILABLE',
}
