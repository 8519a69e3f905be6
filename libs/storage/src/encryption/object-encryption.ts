/** What an object is at rest. */
export type ObjectForm = 'encrypted' | 'plaintext' | 'missing';

/**
 * The migration's view of the envelope (see `EncryptingObjectStorage`), for the job that encrypts
 * objects stored before encryption.
 */
export abstract class ObjectEncryption {
  abstract describe(bucket: string, key: string): Promise<ObjectForm>;
  /**
   * Encrypts one plaintext object of a household: a new object beside it, verified to read back
   * to the same bytes, switched in place atomically, the copy deleted. Returns the form it had
   * ('plaintext' when this call encrypted it); safe to repeat after a crash at any step.
   */
  abstract encryptExisting(bucket: string, key: string): Promise<ObjectForm>;
}
