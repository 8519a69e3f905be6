import { createHash, randomBytes } from 'node:crypto';

/** An invite token: 32 random bytes (256 bits), base64url, safe in a link. */
export function newInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How invite tokens are stored and looked up: their SHA-256, in lower-case hex. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
