/** A household's data key, as the storage port needs it. */
export interface BucketKey {
  /** The data key's version, written into each object's header. */
  readonly version: number;
  /** 32 bytes. Never logged, exported or returned by any API. */
  readonly key: Buffer;
  /**
   * Whether objects stored before encryption (no envelope) may still be served as they are:
   * only until the household's objects are migrated. Afterwards an object without an envelope
   * is treated as tampered, so that damaging an envelope's magic cannot turn ciphertext into
   * "plaintext" that is served.
   */
  readonly acceptsPlaintext: boolean;
}

/**
 * The storage port's way to learn which household a bucket belongs to and that household's
 * data key. The households library implements it (the storage library cannot reach households);
 * the application plugs it in with `StorageModule.forRoot`.
 */
export abstract class ObjectKeyring {
  /**
   * The key of the household that owns `bucket`, or undefined when the bucket is no household's
   * (objects there are stored as they are). Throws when the bucket is a household's but its key
   * is gone (purged) or cannot be unwrapped: nothing is then read or written.
   */
  abstract keyFor(bucket: string): Promise<BucketKey | undefined>;

  /**
   * Records, in the owning household's audit log, that an object failed its integrity check.
   * Best effort: the read fails either way.
   */
  abstract reportIntegrityFailure(bucket: string, key: string, reason: string): Promise<void>;
}
