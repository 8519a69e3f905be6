import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { EnvelopeError, EnvelopeHeader, NONCE_BYTES, TAG_BYTES } from './envelope';

const KEY_BYTES = 32;
const SUBKEY_INFO = Buffer.from('foyer:object-key:v1', 'utf8');

/**
 * Seals and opens the chunks of one object. Each object gets its own AES-256 key, derived from
 * the household's data key and the header's random salt (HKDF-SHA-256), so the random 96-bit
 * nonces never approach GCM's birthday bound however much a household stores, and a chunk moved
 * from another object does not open.
 *
 * A chunk's additional data is the header, the object key, the chunk's index and whether it is
 * the last: a chunk that is reordered, moved, dropped from the end or put under another header
 * fails to authenticate.
 */
export class ObjectCipher {
  private readonly key: Buffer;
  private readonly prefix: Buffer;

  constructor(dataKey: Buffer, header: EnvelopeHeader, objectKey: string) {
    if (dataKey.length !== KEY_BYTES) throw new RangeError(`A data key is ${KEY_BYTES} bytes`);
    this.key = Buffer.from(hkdfSync('sha256', dataKey, header.salt, SUBKEY_INFO, KEY_BYTES));
    const name = Buffer.from(objectKey, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(name.length);
    this.prefix = Buffer.concat([header.bytes, length, name]);
  }

  /** The stored form of one chunk: nonce, ciphertext, tag (three buffers, not copied together). */
  seal(index: number, last: boolean, plaintext: Buffer): [Buffer, Buffer, Buffer] {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(this.additionalData(index, last));
    const ciphertext = cipher.update(plaintext);
    cipher.final();
    return [nonce, ciphertext, cipher.getAuthTag()];
  }

  /** The plaintext of one stored chunk, or an EnvelopeError when it does not authenticate. */
  open(index: number, last: boolean, stored: Buffer): Buffer {
    if (stored.length < NONCE_BYTES + TAG_BYTES) {
      throw new EnvelopeError(`chunk ${index} is shorter than its nonce and tag`);
    }
    const tagAt = stored.length - TAG_BYTES;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, stored.subarray(0, NONCE_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(this.additionalData(index, last));
      decipher.setAuthTag(stored.subarray(tagAt));
      const plaintext = decipher.update(stored.subarray(NONCE_BYTES, tagAt));
      decipher.final();
      return plaintext;
    } catch {
      throw new EnvelopeError(`chunk ${index} does not authenticate`);
    }
  }

  private additionalData(index: number, last: boolean): Buffer {
    const data = Buffer.allocUnsafe(this.prefix.length + 9);
    this.prefix.copy(data, 0);
    data.writeBigUInt64BE(BigInt(index), this.prefix.length);
    data.writeUInt8(last ? 1 : 0, this.prefix.length + 8);
    return data;
  }
}

export function newSalt(length: number): Buffer {
  return randomBytes(length);
}
