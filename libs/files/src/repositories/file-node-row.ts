/** A row of `file_nodes` as the repository hands it out (sizes as numbers, not bigint strings). */
export interface FileNodeRow {
  id: string;
  parentId: string | null;
  name: string;
  kind: 'folder' | 'file';
  size: number;
  sha256: string | null;
  contentType: string | null;
  blobId: string | null;
  version: number;
  createdBy: string | null;
  createdAt: Date;
  modifiedAt: Date;
  trashedAt: Date | null;
  trashedBy: string | null;
}

/** The columns every query selects, mapped by `toFileNodeRow`. */
export const FILE_NODE_COLUMNS = `id, parent_id, name, kind, size, sha256, content_type, blob_id,
  version, created_by, created_at, modified_at, trashed_at, trashed_by`;

export interface RawFileNodeRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: 'folder' | 'file';
  size: string | number;
  sha256: string | null;
  content_type: string | null;
  blob_id: string | null;
  version: number;
  created_by: string | null;
  created_at: Date;
  modified_at: Date;
  trashed_at: Date | null;
  trashed_by: string | null;
}

export function toFileNodeRow(raw: RawFileNodeRow): FileNodeRow {
  return {
    id: raw.id,
    parentId: raw.parent_id,
    name: raw.name,
    kind: raw.kind,
    size: Number(raw.size),
    sha256: raw.sha256,
    contentType: raw.content_type,
    blobId: raw.blob_id,
    version: raw.version,
    createdBy: raw.created_by,
    createdAt: raw.created_at,
    modifiedAt: raw.modified_at,
    trashedAt: raw.trashed_at,
    trashedBy: raw.trashed_by,
  };
}
