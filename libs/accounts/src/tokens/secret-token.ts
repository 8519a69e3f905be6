import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret: 32 random bytes (256 bits), base64url, safe in URLs, headers and cookies. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How secrets are stored and looked up: the SHA-256 of the secret, in lower-case hex. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
