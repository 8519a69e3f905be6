import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import type { PimCollectionKind, PimComponent } from '../model/pim-object-kind';
import type { PimCollection } from '../model/pim-records';

interface CollectionRow {
  household_id: string;
  id: string;
  kind: PimCollectionKind;
  name: string;
  owner_user_id: string | null;
  shared_with_household: boolean;
  display_name: string;
  description: string;
  color: string | null;
  components: PimComponent[];
  revision: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `household_id, id, kind, name, owner_user_id, shared_with_household, display_name,
  description, color, components, revision, created_at, updated_at`;

/** Which collections a member sees: the household's, their own, and those shared with them. */
const VISIBLE = '(owner_user_id IS NULL OR owner_user_id = $2 OR shared_with_household)';

function toCollection(row: CollectionRow): PimCollection {
  return {
    id: row.id,
    householdId: row.household_id,
    kind: row.kind,
    name: row.name,
    ownerUserId: row.owner_user_id,
    sharedWithHousehold: row.shared_with_household,
    displayName: row.display_name,
    description: row.description,
    color: row.color,
    components: row.components,
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewCollection {
  kind: PimCollectionKind;
  name: string;
  ownerUserId: string | null;
  sharedWithHousehold: boolean;
  displayName: string;
  description: string;
  color: string | null;
  components: PimComponent[];
}

export type CollectionChanges = Partial<
  Pick<PimCollection, 'displayName' | 'description' | 'color' | 'sharedWithHousehold'>
>;

/** `pim_collections`, a tenant table, always in the household's scope. */
@Injectable()
export class PimCollectionRepository {
  constructor(private readonly scope: HouseholdScope) {}

  listVisible(
    householdId: HouseholdId,
    userId: string,
    kind?: PimCollectionKind,
  ): Promise<PimCollection[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<CollectionRow[]>(
        `SELECT ${COLUMNS} FROM pim_collections
          WHERE household_id = $1 AND ${VISIBLE} AND ($3::text IS NULL OR kind = $3)
          ORDER BY owner_user_id NULLS FIRST, kind, name`,
        [householdId, userId, kind ?? null],
      );
      return rows.map(toCollection);
    });
  }

  /** A collection by id or by (kind, name), visible to the user; null otherwise. */
  findVisible(
    householdId: HouseholdId,
    userId: string,
    by: { id: string } | { kind: PimCollectionKind; name: string },
  ): Promise<PimCollection | null> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows =
        'id' in by
          ? await manager.query<CollectionRow[]>(
              `SELECT ${COLUMNS} FROM pim_collections
                WHERE household_id = $1 AND ${VISIBLE} AND id::text = $3`,
              [householdId, userId, by.id],
            )
          : await manager.query<CollectionRow[]>(
              `SELECT ${COLUMNS} FROM pim_collections
                WHERE household_id = $1 AND ${VISIBLE} AND kind = $3 AND name = $4`,
              [householdId, userId, by.kind, by.name],
            );
      return rows[0] ? toCollection(rows[0]) : null;
    });
  }

  /** Whether the name is taken in the household, by anyone (the URL space is the household's). */
  nameTaken(householdId: HouseholdId, kind: PimCollectionKind, name: string): Promise<boolean> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<unknown[]>(
        'SELECT 1 FROM pim_collections WHERE household_id = $1 AND kind = $2 AND name = $3',
        [householdId, kind, name],
      );
      return rows.length > 0;
    });
  }

  /** Inserts, or returns null when (kind, name) is taken. */
  insert(householdId: HouseholdId, input: NewCollection): Promise<PimCollection | null> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<CollectionRow[]>(
        `INSERT INTO pim_collections (household_id, kind, name, owner_user_id, shared_with_household,
           display_name, description, color, components)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (household_id, kind, name) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          householdId,
          input.kind,
          input.name,
          input.ownerUserId,
          input.sharedWithHousehold,
          input.displayName,
          input.description,
          input.color,
          input.components,
        ],
      );
      return rows[0] ? toCollection(rows[0]) : null;
    });
  }

  /** (UPDATE … RETURNING inside a CTE: TypeORM answers a bare UPDATE with [rows, count].) */
  update(householdId: HouseholdId, id: string, changes: CollectionChanges): Promise<PimCollection> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<CollectionRow[]>(
        `WITH changed AS (
           UPDATE pim_collections SET
             display_name = COALESCE($3, display_name),
             description = COALESCE($4, description),
             color = CASE WHEN $5::boolean THEN $6 ELSE color END,
             shared_with_household = COALESCE($7, shared_with_household),
             updated_at = now()
           WHERE household_id = $1 AND id = $2
           RETURNING ${COLUMNS})
         SELECT * FROM changed`,
        [
          householdId,
          id,
          changes.displayName ?? null,
          changes.description ?? null,
          changes.color !== undefined,
          changes.color ?? null,
          changes.sharedWithHousehold ?? null,
        ],
      );
      return toCollection(rows[0]);
    });
  }

  /**
   * Takes the next revision of a collection, locking its row until the transaction ends: the
   * changes of one collection are serialised, so revisions commit in order.
   */
  nextRevision(householdId: HouseholdId, id: string): Promise<number> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ revision: string }[]>(
        `WITH bumped AS (
           UPDATE pim_collections SET revision = revision + 1, updated_at = now()
            WHERE household_id = $1 AND id = $2 RETURNING revision)
         SELECT revision FROM bumped`,
        [householdId, id],
      );
      return Number(rows[0].revision);
    });
  }

  delete(householdId: HouseholdId, id: string): Promise<void> {
    return this.scope.run(householdId, async ({ manager }) => {
      await manager.query('DELETE FROM pim_collections WHERE household_id = $1 AND id = $2', [
        householdId,
        id,
      ]);
    });
  }
}
