import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';

/** A node as an archive describes it, with its original id and times. */
export interface RestoredNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: 'folder' | 'file';
  createdBy: string | null;
  createdAt: Date;
  modifiedAt: Date;
  trashedAt: Date | null;
  trashedBy: string | null;
  /** Files: the blob (stored under the node's id), size, hash and type. */
  size: number;
  sha256: string | null;
  contentType: string | null;
  blobId: string | null;
}

/**
 * Writes of an import into a new household's file tree (tenant table, in the household's scope):
 * nodes keep their archive ids and times, and an insert of an id already there does nothing, so
 * a resumed import writes each node once.
 */
@Injectable()
export class RestoredFileNodeRepository {
  constructor(private readonly scope: HouseholdScope) {}

  async existingIds(householdId: HouseholdId): Promise<Set<string>> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ id: string }[]>(
        'SELECT id FROM file_nodes WHERE household_id = $1',
        [householdId],
      );
      return new Set(rows.map((row) => row.id));
    });
  }

  /** One statement for the batch (foreign keys are checked at its end, so order is free). */
  async insert(householdId: HouseholdId, nodes: readonly RestoredNode[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `INSERT INTO file_nodes
           (household_id, id, parent_id, name, kind, created_by, created_at, modified_at,
            trashed_at, trashed_by, size, sha256, content_type, blob_id)
         SELECT $1, n.id, n."parentId", n.name, n.kind, n."createdBy", n."createdAt",
                n."modifiedAt", n."trashedAt", n."trashedBy", n.size, n.sha256, n."contentType",
                n."blobId"
           FROM jsonb_to_recordset($2::jsonb) AS n(
             id uuid, "parentId" uuid, name text, kind text, "createdBy" uuid,
             "createdAt" timestamptz, "modifiedAt" timestamptz, "trashedAt" timestamptz,
             "trashedBy" uuid, size bigint, sha256 text, "contentType" text, "blobId" uuid)
         ON CONFLICT (household_id, id) DO NOTHING`,
        [householdId, JSON.stringify(nodes)],
      );
    });
  }
}
