import { createHash } from 'node:crypto';

/** A strong ETag derived from the stored text: the same bytes always carry the same tag. */
export function etagOf(content: string): string {
  return `"${createHash('sha256').update(content, 'utf8').digest('base64url').slice(0, 27)}"`;
}
