import { Injectable } from '@nestjs/common';
import { FoyerError, toHouseholdId } from '@foyer/core';
import { BucketKey, ObjectKeyring, StorageErrorCode } from '@foyer/storage';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { householdOfBucket } from '../provisioning/household-bucket';
import { HouseholdKeyRepository } from './household-key.repository';
import { KeyVault } from './key-vault';

/** Each household has one data key so far; the header's key version leaves room for more. */
export const DATA_KEY_VERSION = 1;
/**
 * How long an unwrapped key is reused. Short, because another process may purge the household
 * (this one forgets at once when it purges) or finish its migration.
 */
const CACHE_MILLISECONDS = 30_000;
const CACHE_ENTRIES = 1000;

function keyUnavailable(): FoyerError {
  return new FoyerError(
    500,
    StorageErrorCode.KeyUnavailable,
    "The household's data key is gone or cannot be unwrapped: its stored objects cannot be read",
  );
}

/**
 * The storage port's keyring: a household's bucket is encrypted under that household's data
 * key, unwrapped with the master key. The key stays in this process's memory only, briefly.
 */
@Injectable()
export class HouseholdObjectKeyring extends ObjectKeyring {
  private readonly cache = new Map<string, { expires: number; key: Promise<BucketKey> }>();

  constructor(
    private readonly keys: HouseholdKeyRepository,
    private readonly vault: KeyVault,
    private readonly audit: AuditLogRepository,
  ) {
    super();
  }

  keyFor(bucket: string): Promise<BucketKey | undefined> {
    const householdId = householdOfBucket(bucket);
    if (!householdId) return Promise.resolve(undefined);
    const now = Date.now();
    const cached = this.cache.get(householdId);
    if (cached && cached.expires > now) return cached.key;
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    const key = this.load(householdId);
    this.cache.set(householdId, { expires: now + CACHE_MILLISECONDS, key });
    // A failure is not kept: the next read asks again.
    key.catch(() => this.cache.delete(householdId));
    return key;
  }

  /** Drops a household's key from memory (its purge destroyed the wrapped one). */
  forget(householdId: string): void {
    this.cache.delete(householdId);
  }

  async reportIntegrityFailure(bucket: string, key: string, reason: string): Promise<void> {
    const householdId = householdOfBucket(bucket);
    if (!householdId) return;
    await this.audit.append(toHouseholdId(householdId), {
      actorUserId: null,
      action: 'storage.integrity_failed',
      target: key,
      details: { reason },
    });
  }

  private async load(householdId: string): Promise<BucketKey> {
    const stored = await this.keys.find(householdId);
    if (!stored?.wrappedDataKey) throw keyUnavailable();
    let key: Buffer;
    try {
      key = await this.vault.unwrap(toHouseholdId(householdId), stored.wrappedDataKey);
    } catch (error) {
      const unavailable = keyUnavailable();
      unavailable.cause = error;
      throw unavailable;
    }
    return { version: DATA_KEY_VERSION, key, acceptsPlaintext: stored.plaintextObjects };
  }
}
