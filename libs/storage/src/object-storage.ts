import { Readable } from 'node:stream';

export interface StoredObject {
  size: number;
  /** Hex SHA-256 of the bytes, computed while streaming. */
  sha256: string;
}

export interface ObjectInfo {
  size: number;
  lastModified: Date;
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/**
 * The port for blobs. Keys are ids chosen by Foyer, never user-supplied names. Local disk in the
 * embedded default; MinIO (S3 API) in hosted mode, one bucket per household.
 */
export abstract class ObjectStorage {
  abstract ensureBucket(bucket: string): Promise<void>;
  /** Removes the bucket and everything in it. */
  abstract removeBucket(bucket: string): Promise<void>;
  abstract bucketExists(bucket: string): Promise<boolean>;
  /** Streams the body in; the object becomes visible only once it is complete. */
  abstract putObject(bucket: string, key: string, body: Readable): Promise<StoredObject>;
  abstract getObject(bucket: string, key: string, range?: ByteRange): Promise<Readable>;
  abstract statObject(bucket: string, key: string): Promise<ObjectInfo | undefined>;
  abstract removeObject(bucket: string, key: string): Promise<void>;
  abstract listKeys(bucket: string, prefix?: string): AsyncIterable<string>;
  /**
   * Discards what uploads started before `startedBefore` left half-written (a process killed
   * mid-upload never gets to clean up): temporary files on disk, incomplete multipart uploads
   * on S3. Returns how many were discarded; never touches a visible object.
   */
  abstract removeAbandonedUploads(bucket: string, startedBefore: Date): Promise<number>;
  /** Throws when the store cannot be reached (readiness). */
  abstract ping(): Promise<void>;
}
