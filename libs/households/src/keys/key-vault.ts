import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HouseholdId } from '@foyer/core';
import { MasterKeyProvider } from './master-key-provider';

const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/**
 * Wraps and unwraps households' data keys with the master key (AES-256-GCM). A wrapped key reads
 * `v1.<master key id>.<iv>.<ciphertext>.<tag>` (base64url parts):
 * - the household id is the GCM additional data, so a wrapped key copied onto another household
 *   fails to unwrap instead of silently serving the wrong household;
 * - the master key id (a hash prefix, not the key) says which master key wrapped it, so a
 *   mismatched FOYER_MASTER_KEY is reported as such rather than as corruption, and a later key
 *   rotation can tell old wrappings from new.
 */
@Injectable()
export class KeyVault {
  constructor(private readonly masterKeys: MasterKeyProvider) {}

  /** A fresh data key: 256 random bits. */
  newDataKey(): Buffer {
    return randomBytes(DATA_KEY_BYTES);
  }

  async wrap(householdId: HouseholdId, dataKey: Buffer): Promise<string> {
    if (dataKey.length !== DATA_KEY_BYTES) {
      throw new Error(`A data key is ${DATA_KEY_BYTES} bytes, not ${dataKey.length}`);
    }
    const masterKey = await this.masterKeys.get();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
    cipher.setAAD(additionalData(householdId));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return [FORMAT, masterKeyId(masterKey), iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  async unwrap(householdId: HouseholdId, wrapped: string): Promise<Buffer> {
    const [format, keyId, iv, ciphertext, tag, ...rest] = wrapped.split('.');
    if (format !== FORMAT || !keyId || !iv || !ciphertext || !tag || rest.length > 0) {
      throw new Error(`The data key of household ${householdId} is not a ${FORMAT} wrapped key`);
    }
    const masterKey = await this.masterKeyWithId(keyId);
    if (!masterKey) {
      throw new Error(
        `The data key of household ${householdId} was wrapped by another master key than the one configured`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(additionalData(householdId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]);
    } catch {
      throw new Error(
        `The data key of household ${householdId} does not authenticate: it was altered, or belongs to another household`,
      );
    }
  }

  /** True when `wrapped` was wrapped by the current master key (a rotation leaves it alone). */
  async isCurrent(wrapped: string): Promise<boolean> {
    return wrapped.split('.')[1] === masterKeyId(await this.masterKeys.get());
  }

  /** The current master key or a previous one (during a rotation), by its id. */
  private async masterKeyWithId(keyId: string): Promise<Buffer | undefined> {
    const current = await this.masterKeys.get();
    if (keyId === masterKeyId(current)) return current;
    return (await this.masterKeys.previous()).find((key) => masterKeyId(key) === keyId);
  }
}

function additionalData(householdId: HouseholdId): Buffer {
  return Buffer.from(`foyer:household-data-key:${householdId}`, 'utf8');
}

function masterKeyId(masterKey: Buffer): string {
  return createHash('sha256')
    .update('foyer:master-key-id:')
    .update(masterKey)
    .digest()
    .subarray(0, 6)
    .toString('base64url');
}
