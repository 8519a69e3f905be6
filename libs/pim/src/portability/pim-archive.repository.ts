import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import type { PimCollectionKind, PimComponent } from '../model/pim-object-kind';

/** A collection as the archive records it. */
export interface ArchivedCollection {
  id: string;
  name: string;
  ownerUserId: string | null;
  sharedWithHousehold: boolean;
  displayName: string;
  description: string;
  color: string | null;
  components: PimComponent[];
  revision: number;
  updatedAt: Date;
  objects: number;
  bytes: number;
}

interface CollectionRow {
  id: string;
  name: string;
  owner_user_id: string | null;
  shared_with_household: boolean;
  display_name: string;
  description: string;
  color: string | null;
  components: PimComponent[];
  revision: string;
  updated_at: Date;
  objects: string;
  bytes: string;
}

/**
 * What the household archive reads and writes of `pim_collections` and `pim_objects`: every
 * collection of a household (not only those one member sees), objects a page at a time, and
 * collections recreated with their archived id. Tenant tables, always in the household's scope.
 */
@Injectable()
export class PimArchiveRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /**
   * The collections of a kind an export carries, with their object counts and text sizes.
   * Without `memberId` (the household's export): the household's collections and the personal
   * ones their members shared with the household (every member reads those), never a personal
   * one its member kept private. With `memberId` (that member's export): their personal ones.
   */
  collections(
    householdId: HouseholdId,
    kind: PimCollectionKind,
    memberId: string | null,
  ): Promise<ArchivedCollection[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<CollectionRow[]>(
        `SELECT c.id, c.name, c.owner_user_id, c.shared_with_household, c.display_name,
                c.description, c.color, c.components, c.revision, c.updated_at,
                count(o.id) AS objects, coalesce(sum(octet_length(o.content)), 0) AS bytes
           FROM pim_collections c
           LEFT JOIN pim_objects o ON o.household_id = c.household_id AND o.collection_id = c.id
          WHERE c.household_id = $1 AND c.kind = $2
            AND CASE WHEN $3::uuid IS NULL
                     THEN c.owner_user_id IS NULL OR c.shared_with_household
                     ELSE c.owner_user_id = $3::uuid END
          GROUP BY c.household_id, c.id
          ORDER BY (c.owner_user_id IS NOT NULL), lower(c.display_name), c.id`,
        [householdId, kind, memberId],
      );
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        ownerUserId: row.owner_user_id,
        sharedWithHousehold: row.shared_with_household,
        displayName: row.display_name,
        description: row.description,
        color: row.color,
        components: row.components,
        revision: Number(row.revision),
        updatedAt: row.updated_at,
        objects: Number(row.objects),
        bytes: Number(row.bytes),
      }));
    });
  }

  /** How many personal collections of a kind their members keep private (not in its export). */
  privateCount(householdId: HouseholdId, kind: PimCollectionKind): Promise<number> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM pim_collections
          WHERE household_id = $1 AND kind = $2
            AND owner_user_id IS NOT NULL AND NOT shared_with_household`,
        [householdId, kind],
      );
      return Number(rows[0].n);
    });
  }

  /** A collection's revision (bumped by every change of its objects), or null once it is gone. */
  revision(householdId: HouseholdId, collectionId: string): Promise<number | null> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ revision: string }[]>(
        'SELECT revision FROM pim_collections WHERE household_id = $1 AND id = $2',
        [householdId, collectionId],
      );
      return rows[0] ? Number(rows[0].revision) : null;
    });
  }

  /**
   * The texts of a collection's objects in UID order (byte order, whatever the database's
   * collation), after `afterUid`, one page. By UID, not by URL name: the UID is what an object
   * keeps on another server, so the same collection exports to the same bytes there.
   */
  contents(
    householdId: HouseholdId,
    collectionId: string,
    afterUid: string | null,
    limit: number,
  ): Promise<{ uid: string; content: string }[]> {
    return this.scope.run(householdId, ({ manager }) =>
      manager.query<{ uid: string; content: string }[]>(
        `SELECT uid, content FROM pim_objects
          WHERE household_id = $1 AND collection_id = $2
            AND ($3::text IS NULL OR uid COLLATE "C" > $3 COLLATE "C")
          ORDER BY uid COLLATE "C" LIMIT $4`,
        [householdId, collectionId, afterUid, limit],
      ),
    );
  }

  /**
   * The collection to restore into: the one already there under the archived id or URL name (a
   * resumed import, or the Family collections a new household is seeded with), else a new one
   * with the archived id.
   */
  restoreCollection(
    householdId: HouseholdId,
    kind: PimCollectionKind,
    archived: Omit<ArchivedCollection, 'revision' | 'updatedAt' | 'objects' | 'bytes'>,
  ): Promise<string> {
    return this.scope.run(householdId, async ({ manager }) => {
      const existing = await manager.query<{ id: string }[]>(
        `SELECT id FROM pim_collections
          WHERE household_id = $1 AND (id::text = $2 OR (kind = $3 AND name = $4))
          ORDER BY (id::text = $2) DESC LIMIT 1`,
        [householdId, archived.id, kind, archived.name],
      );
      if (existing[0]) {
        await manager.query(
          `UPDATE pim_collections SET display_name = $3, description = $4, color = $5,
             owner_user_id = $6, shared_with_household = $7, components = $8, updated_at = now()
           WHERE household_id = $1 AND id = $2`,
          [
            householdId,
            existing[0].id,
            archived.displayName,
            archived.description,
            archived.color,
            archived.ownerUserId,
            archived.sharedWithHousehold,
            archived.components,
          ],
        );
        return existing[0].id;
      }
      const [created] = await manager.query<{ id: string }[]>(
        `INSERT INTO pim_collections (household_id, id, kind, name, owner_user_id,
           shared_with_household, display_name, description, color, components)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          householdId,
          archived.id,
          kind,
          archived.name,
          archived.ownerUserId,
          archived.sharedWithHousehold,
          archived.displayName,
          archived.description,
          archived.color,
          archived.components,
        ],
      );
      return created.id;
    });
  }

  /** The href an object of this UID already has in the collection, if any. */
  hrefOfUid(householdId: HouseholdId, collectionId: string, uid: string): Promise<string | null> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ href: string }[]>(
        'SELECT href FROM pim_objects WHERE household_id = $1 AND collection_id = $2 AND uid = $3',
        [householdId, collectionId, uid],
      );
      return rows[0]?.href ?? null;
    });
  }
}
