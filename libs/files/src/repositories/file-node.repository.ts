import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';

/**
 * The file tree (`file_nodes`, a tenant table under row-level security). Every method runs in the
 * household's scope, so it reaches that household's rows and no other's.
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
         ON CONFLICT (household_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)
         DO NOTHING
         RETURNING name`,
        [householdId, names],
      );
      return rows.map((row) => row.name);
    });
  }
}
