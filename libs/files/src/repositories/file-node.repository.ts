import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import { FILE_NODE_COLUMNS, FileNodeRow, RawFileNodeRow, toFileNodeRow } from './file-node-row';

const ROOT = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** What a new node carries; files have content, folders none. */
export interface NewFileNode {
  parentId: string | null;
  name: string;
  kind: 'folder' | 'file';
  createdBy: string | null;
  content?: FileContent;
}

export interface FileContent {
  blobId: string;
  size: number;
  sha256: string;
  contentType: string | null;
  /** The modification time the client gave (WebDAV `X-OC-Mtime`); absent: now. */
  modifiedAt?: Date;
}

/** A top of a trashed subtree, with what the trash shows of it. */
export interface TrashedNode {
  node: FileNodeRow;
  /** Sum of the sizes in the subtree. */
  totalSize: number;
  /** Names from the root to the node's original parent (empty: it was at the root). */
  originalParentNames: string[];
}

/**
 * The file tree (`file_nodes`, a tenant table under row-level security). Every method runs in the
 * household's scope — inside the caller's transaction when there is one — so it reaches that
 * household's rows and no other's. "Live" nodes are the ones not in the trash themselves (a node
 * below a trashed folder is only reachable through that folder).
 */
@Injectable()
export class FileNodeRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /**
   * Creates the folders at the root that do not exist yet; existing ones are left as they are.
   * The conflict target is the sibling-name index (a root's parent counts as the zero uuid), so
   * two runs at once still end with one folder of each name. Returns the names it created.
   */
  async ensureRootFolders(householdId: HouseholdId, names: readonly string[]): Promise<string[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ name: string }[]>(
        `INSERT INTO file_nodes (household_id, parent_id, name, kind)
         SELECT $1::uuid, NULL::uuid, name, 'folder' FROM unnest($2::text[]) AS name
         ON CONFLICT (household_id, coalesce(parent_id, ${ROOT}), name)
           WHERE trashed_at IS NULL
         DO NOTHING
         RETURNING name`,
        [householdId, names],
      );
      return rows.map((row) => row.name);
    });
  }

  /**
   * Serialises the household's tree and quota changes until the end of the current transaction
   * (a transaction-level advisory lock keyed by the household), so that checks and writes
   * (sibling names, quota sums) see each other.
   */
  async lockHousehold(householdId: HouseholdId): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 4207))`, [
        `files:${householdId}`,
      ]);
    });
  }

  /** The live child of `parentId` (null: the root) with that name. */
  async findChild(
    householdId: HouseholdId,
    parentId: string | null,
    name: string,
  ): Promise<FileNodeRow | undefined> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawFileNodeRow[]>(
        `SELECT ${FILE_NODE_COLUMNS} FROM file_nodes
         WHERE household_id = $1 AND coalesce(parent_id, ${ROOT}) = coalesce($2::uuid, ${ROOT})
           AND name = $3 AND trashed_at IS NULL`,
        [householdId, parentId, name],
      );
      return rows[0] ? toFileNodeRow(rows[0]) : undefined;
    });
  }

  async findById(householdId: HouseholdId, id: string): Promise<FileNodeRow | undefined> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawFileNodeRow[]>(
        `SELECT ${FILE_NODE_COLUMNS} FROM file_nodes WHERE household_id = $1 AND id = $2`,
        [householdId, id],
      );
      return rows[0] ? toFileNodeRow(rows[0]) : undefined;
    });
  }

  /** Live children of a folder: folders first, then by name (code point order), one page. */
  async listChildren(
    householdId: HouseholdId,
    parentId: string | null,
    limit: number,
    offset: number,
  ): Promise<{ rows: FileNodeRow[]; total: number }> {
    return this.scope.run(householdId, async ({ manager }) => {
      const where = `household_id = $1 AND coalesce(parent_id, ${ROOT}) = coalesce($2::uuid, ${ROOT})
        AND trashed_at IS NULL`;
      const rows = await manager.query<RawFileNodeRow[]>(
        `SELECT ${FILE_NODE_COLUMNS} FROM file_nodes WHERE ${where}
         ORDER BY kind DESC, name COLLATE "C", id LIMIT $3 OFFSET $4`,
        [householdId, parentId, limit, offset],
      );
      const [{ count }] = await manager.query<{ count: string }[]>(
        `SELECT count(*) AS count FROM file_nodes WHERE ${where}`,
        [householdId, parentId],
      );
      return { rows: rows.map(toFileNodeRow), total: Number(count) };
    });
  }

  async insert(householdId: HouseholdId, node: NewFileNode): Promise<FileNodeRow> {
    return this.scope.run(householdId, async ({ manager }) => {
      const content = node.content;
      const rows = await manager.query<RawFileNodeRow[]>(
        `INSERT INTO file_nodes
           (household_id, parent_id, name, kind, created_by, blob_id, size, sha256, content_type,
            modified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10::timestamptz, now()))
         RETURNING ${FILE_NODE_COLUMNS}`,
        [
          householdId,
          node.parentId,
          node.name,
          node.kind,
          node.createdBy,
          content?.blobId ?? null,
          content?.size ?? 0,
          content?.sha256 ?? null,
          content?.contentType ?? null,
          content?.modifiedAt ?? null,
        ],
      );
      return toFileNodeRow(rows[0]);
    });
  }

  /** Points a file at new content (a new blob), bumping its version; the old blob is the caller's. */
  async replaceContent(
    householdId: HouseholdId,
    id: string,
    content: FileContent,
  ): Promise<FileNodeRow> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [rows] = await manager.query<[RawFileNodeRow[], number]>(
        `UPDATE file_nodes SET blob_id = $3, size = $4, sha256 = $5, content_type = $6,
           version = version + 1, modified_at = COALESCE($7::timestamptz, now())
         WHERE household_id = $1 AND id = $2
         RETURNING ${FILE_NODE_COLUMNS}`,
        [
          householdId,
          id,
          content.blobId,
          content.size,
          content.sha256,
          content.contentType,
          content.modifiedAt ?? null,
        ],
      );
      return toFileNodeRow(rows[0]);
    });
  }

  /** Sets a node's modification time (a client keeping its own file's date); content stays. */
  async setModifiedAt(householdId: HouseholdId, id: string, at: Date): Promise<FileNodeRow> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [rows] = await manager.query<[RawFileNodeRow[], number]>(
        `UPDATE file_nodes SET modified_at = $3 WHERE household_id = $1 AND id = $2
         RETURNING ${FILE_NODE_COLUMNS}`,
        [householdId, id, at],
      );
      return toFileNodeRow(rows[0]);
    });
  }

  /** Moves or renames; the modification time stays (a rename does not change the content). */
  async move(
    householdId: HouseholdId,
    id: string,
    parentId: string | null,
    name: string,
  ): Promise<FileNodeRow> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [rows] = await manager.query<[RawFileNodeRow[], number]>(
        `UPDATE file_nodes SET parent_id = $3, name = $4, version = version + 1
         WHERE household_id = $1 AND id = $2
         RETURNING ${FILE_NODE_COLUMNS}`,
        [householdId, id, parentId, name],
      );
      return toFileNodeRow(rows[0]);
    });
  }

  /** The node and its ancestors' ids, from the node up to the root. */
  async ancestry(householdId: HouseholdId, id: string): Promise<FileNodeRow[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawFileNodeRow[]>(
        `WITH RECURSIVE up AS (
           SELECT f.*, 0 AS depth FROM file_nodes f WHERE f.household_id = $1 AND f.id = $2
           UNION ALL
           SELECT p.*, up.depth + 1 FROM file_nodes p
             JOIN up ON p.household_id = up.household_id AND p.id = up.parent_id
         )
         SELECT ${FILE_NODE_COLUMNS} FROM up ORDER BY depth`,
        [householdId, id],
      );
      return rows.map(toFileNodeRow);
    });
  }

  /** The node and everything below it, parents before children. */
  async subtree(householdId: HouseholdId, id: string): Promise<FileNodeRow[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawFileNodeRow[]>(
        `WITH RECURSIVE down AS (
           SELECT f.*, 0 AS depth FROM file_nodes f WHERE f.household_id = $1 AND f.id = $2
           UNION ALL
           SELECT c.*, down.depth + 1 FROM file_nodes c
             JOIN down ON c.household_id = down.household_id AND c.parent_id = down.id
         )
         SELECT ${FILE_NODE_COLUMNS} FROM down ORDER BY depth, name COLLATE "C"`,
        [householdId, id],
      );
      return rows.map(toFileNodeRow);
    });
  }

  async moveToTrash(householdId: HouseholdId, id: string, userId: string): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `UPDATE file_nodes SET trashed_at = now(), trashed_by = $3
         WHERE household_id = $1 AND id = $2`,
        [householdId, id, userId],
      );
    });
  }

  /** Takes a node out of the trash, to `parentId` under `name`. */
  async restore(
    householdId: HouseholdId,
    id: string,
    parentId: string | null,
    name: string,
  ): Promise<FileNodeRow> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [rows] = await manager.query<[RawFileNodeRow[], number]>(
        `UPDATE file_nodes SET trashed_at = NULL, trashed_by = NULL, parent_id = $3, name = $4
         WHERE household_id = $1 AND id = $2
         RETURNING ${FILE_NODE_COLUMNS}`,
        [householdId, id, parentId, name],
      );
      return toFileNodeRow(rows[0]);
    });
  }

  /** The tops of trashed subtrees, most recently trashed first. */
  async listTrash(householdId: HouseholdId): Promise<TrashedNode[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<
        (RawFileNodeRow & { total_size: string; names: string[] })[]
      >(
        `SELECT ${FILE_NODE_COLUMNS.split(',')
          .map((column) => `t.${column.trim()}`)
          .join(', ')},
           (WITH RECURSIVE down AS (
              SELECT d.id, d.size FROM file_nodes d WHERE d.household_id = t.household_id AND d.id = t.id
              UNION ALL
              SELECT c.id, c.size FROM file_nodes c JOIN down ON c.household_id = t.household_id AND c.parent_id = down.id
            ) SELECT coalesce(sum(size), 0) FROM down) AS total_size,
           (WITH RECURSIVE up AS (
              SELECT p.id, p.parent_id, p.name, 0 AS depth FROM file_nodes p
                WHERE p.household_id = t.household_id AND p.id = t.parent_id
              UNION ALL
              SELECT q.id, q.parent_id, q.name, up.depth + 1 FROM file_nodes q
                JOIN up ON q.household_id = t.household_id AND q.id = up.parent_id
            ) SELECT coalesce(array_agg(name ORDER BY depth DESC), '{}') FROM up) AS names
         FROM file_nodes t
         WHERE t.household_id = $1 AND t.trashed_at IS NOT NULL
         ORDER BY t.trashed_at DESC, t.id`,
        [householdId],
      );
      return rows.map((row) => ({
        node: toFileNodeRow(row),
        totalSize: Number(row.total_size),
        originalParentNames: row.names,
      }));
    });
  }

  /**
   * Deletes the trashed subtrees (rows below cascade) and returns every blob id they held, for
   * the caller to remove from storage once the transaction has committed.
   */
  async deleteTrash(householdId: HouseholdId, onlyIds?: readonly string[]): Promise<string[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const blobs = await manager.query<{ blob_id: string }[]>(
        `WITH RECURSIVE down AS (
           SELECT f.id, f.blob_id FROM file_nodes f
             WHERE f.household_id = $1 AND f.trashed_at IS NOT NULL
               AND ($2::uuid[] IS NULL OR f.id = ANY($2::uuid[]))
           UNION ALL
           SELECT c.id, c.blob_id FROM file_nodes c
             JOIN down ON c.household_id = $1 AND c.parent_id = down.id
         )
         SELECT blob_id FROM down WHERE blob_id IS NOT NULL`,
        [householdId, onlyIds ?? null],
      );
      await manager.query(
        `DELETE FROM file_nodes WHERE household_id = $1 AND trashed_at IS NOT NULL
           AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
        [householdId, onlyIds ?? null],
      );
      return blobs.map((row) => row.blob_id);
    });
  }

  /** Ids of the trashed tops whose subtree holds a node created by someone other than `userId`. */
  async trashWithOthersData(householdId: HouseholdId, userId: string): Promise<string[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ id: string }[]>(
        `WITH RECURSIVE down AS (
           SELECT f.id AS top, f.id, f.created_by FROM file_nodes f
             WHERE f.household_id = $1 AND f.trashed_at IS NOT NULL
           UNION ALL
           SELECT down.top, c.id, c.created_by FROM file_nodes c
             JOIN down ON c.household_id = $1 AND c.parent_id = down.id
         )
         SELECT DISTINCT top AS id FROM down WHERE created_by IS DISTINCT FROM $2::uuid`,
        [householdId, userId],
      );
      return rows.map((row) => row.id);
    });
  }

  /** Bytes of every file, trash included. */
  async usedBytes(householdId: HouseholdId): Promise<number> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [{ used }] = await manager.query<{ used: string }[]>(
        `SELECT coalesce(sum(size), 0) AS used FROM file_nodes WHERE household_id = $1`,
        [householdId],
      );
      return Number(used);
    });
  }

  /**
   * Every node of the household, trash included, in one statement (so one consistent view of the
   * tree), for an export's snapshot.
   */
  async allNodes(householdId: HouseholdId): Promise<FileNodeRow[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<RawFileNodeRow[]>(
        `SELECT ${FILE_NODE_COLUMNS} FROM file_nodes WHERE household_id = $1`,
        [householdId],
      );
      return rows.map(toFileNodeRow);
    });
  }

  /** Every blob id the tree refers to (trash included), for the orphan collector. */
  async allBlobIds(householdId: HouseholdId): Promise<Set<string>> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ blob_id: string }[]>(
        `SELECT blob_id FROM file_nodes WHERE household_id = $1 AND blob_id IS NOT NULL`,
        [householdId],
      );
      return new Set(rows.map((row) => row.blob_id));
    });
  }
}
