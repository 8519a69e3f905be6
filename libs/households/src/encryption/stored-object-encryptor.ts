import { Injectable, Logger } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { ObjectEncryption, ObjectStorage, StorageErrorCode } from '@foyer/storage';
import { HouseholdObjectKeyring } from '../keys/household-object-keyring';
import { householdBucket } from '../provisioning/household-bucket';
import { EncryptionTotals, StorageEncryptionRepository } from './storage-encryption.repository';

/** Objects between two saves of the cursor: what a crash makes the job look at again. */
const CURSOR_EVERY = 100;
const HOUSEHOLD_BATCH = 100;

export interface EncryptionProgress extends EncryptionTotals {
  /** The household being migrated, while a run is under way in this process. */
  current?: { householdId: string; objectsEncrypted: number };
}

/**
 * Encrypts the objects that households stored before encryption (decision 0016), one household
 * after the other and, in each, key by key in listing order: new object, verify, switch, delete
 * (`ObjectEncryption.encryptExisting`). The last key done is saved as it goes, so a run that
 * stops resumes there; a household is marked done only once its whole listing was walked, and
 * from then on refuses objects without envelope. Reads work for both forms all along.
 */
@Injectable()
export class StoredObjectEncryptor {
  private readonly logger = new Logger(StoredObjectEncryptor.name);
  private current: EncryptionProgress['current'];

  constructor(
    private readonly progress: StorageEncryptionRepository,
    private readonly storage: ObjectStorage,
    private readonly encryption: ObjectEncryption,
    private readonly keyring: HouseholdObjectKeyring,
  ) {}

  async status(): Promise<EncryptionProgress> {
    return { ...(await this.progress.totals()), current: this.current };
  }

  /** Migrates every household that may hold plaintext objects; returns the objects encrypted. */
  async run(onProgress?: (progress: EncryptionProgress) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const households = await this.progress.remaining(HOUSEHOLD_BATCH);
      if (households.length === 0) return total;
      for (const household of households) {
        total += await this.runHousehold(household.id, household.cursor, onProgress);
      }
    }
  }

  private async runHousehold(
    householdId: string,
    cursor: string | null,
    onProgress?: (progress: EncryptionProgress) => void,
  ): Promise<number> {
    const bucket = householdBucket(householdId);
    this.current = { householdId, objectsEncrypted: 0 };
    let unsaved = 0;
    let seen = 0;
    let total = 0;
    try {
      for await (const key of this.storage.listKeys(bucket)) {
        // Keys come in byte order on both drivers: everything up to the cursor is done.
        if (cursor !== null && key <= cursor) continue;
        if ((await this.encryption.encryptExisting(bucket, key)) === 'plaintext') {
          unsaved++;
          total++;
          this.current.objectsEncrypted = total;
        }
        if (++seen % CURSOR_EVERY === 0) {
          await this.progress.saveCursor(householdId, key, unsaved);
          unsaved = 0;
          onProgress?.(await this.status());
        }
      }
    } catch (error) {
      // A household that never got its bucket has nothing to encrypt.
      if ((error as FoyerError).code !== StorageErrorCode.BucketNotFound) throw error;
    } finally {
      this.current = undefined;
    }
    await this.progress.finish(householdId, unsaved);
    // This process refuses plaintext at once; others when their cached key expires.
    this.keyring.forget(householdId);
    this.logger.log({ householdId, objects: total }, 'Household objects encrypted');
    onProgress?.(await this.status());
    return total;
  }
}
