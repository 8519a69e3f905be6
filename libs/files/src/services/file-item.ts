import type { HouseholdId } from '@foyer/core';
import type { FileNodeRow } from '../repositories/file-node-row';

/** A live node with where it is: what FilesService answers with (controllers map it to DTOs). */
export interface FileItem {
  householdId: HouseholdId;
  node: FileNodeRow;
  /** Absolute path, `/` separated, names as stored (NFC). */
  path: string;
}

/** A top of a trashed subtree. */
export interface TrashItem {
  node: FileNodeRow;
  totalSize: number;
  originalPath: string;
}

/** Who is asking, about which household (`:hid`: id or slug). */
export interface FilesActor {
  userId: string;
  hid: string;
}

/**
 * A strong entity tag: a file's changes with every new content (the blob id is new for each
 * write), not with a rename; a folder's with its version.
 */
export function etagOf(node: FileNodeRow): string {
  return node.kind === 'file' && node.blobId
    ? `"${node.blobId.replace(/-/g, '')}"`
    : `"d-${node.id.replace(/-/g, '')}-${node.version}"`;
}
