import { randomUUID } from 'node:crypto';

/** Where archives live in the household's bucket: outside `files/`, so the orphan collector never looks. */
export const EXPORTS_PREFIX = 'exports/';

/** A new key per attempt: ids only, never a name a person chose. */
export function exportObjectKey(exportId: string): string {
  return `${EXPORTS_PREFIX}${exportId}/${randomUUID()}.zip`;
}
