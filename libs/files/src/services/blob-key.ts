/** Where a blob lives in the household's bucket: an id Foyer chose, never a user's name. */
export const BLOB_PREFIX = 'files/';

export function blobKey(blobId: string): string {
  return `${BLOB_PREFIX}${blobId}`;
}
