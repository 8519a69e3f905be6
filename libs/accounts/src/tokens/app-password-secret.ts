import { randomBytes } from 'node:crypto';

/** Crockford's base32, lower-cased: no i, l, o or u, so nothing reads as another symbol. */
const SYMBOLS = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 8;
const GROUP_LENGTH = 4;

/**
 * A new app password: 20 random bytes (160 bits) written as 32 symbols in groups of four
 * ("abcd-efgh-…"), easy to type into a phone. Returned once; only its SHA-256 is kept.
 */
export function newAppPassword(): string {
  const bytes = randomBytes((GROUPS * GROUP_LENGTH * 5) / 8);
  let bits = 0;
  let value = 0;
  let symbols = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      symbols += SYMBOLS[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}

/** The form that is hashed: what a person typed, without separators or spaces, lower-cased. */
export function canonicalAppPassword(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toLowerCase();
}
