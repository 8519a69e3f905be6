import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';

/**
 * Holds on a household's blobs (`file_blob_holds`, a tenant table): while one is unexpired, no
 * blob of the household is removed — neither the one an overwrite replaced or the trash emptied
 * (FilesService leaves it for the orphan collector) nor an orphan (the collector skips the
 * household). An export takes one before it reads the tree, so every blob its snapshot names
 * stays readable until it lets go. A hold expires, so a process killed mid-export cannot keep
 * garbage for good; a live export pushes its hold's expiry out as it goes.
 */
@Injectable()
export class BlobHoldRepository {
  constructor(private readonly scope: HouseholdScope) {}

  async take(householdId: HouseholdId, ttlSeconds: number, reason: string): Promise<string> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO file_blob_holds (household_id, reason, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
        [householdId, reason, ttlSeconds],
      );
      return id;
    });
  }

  async renew(householdId: HouseholdId, id: string, ttlSeconds: number): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `UPDATE file_blob_holds SET expires_at = now() + make_interval(secs => $3)
         WHERE household_id = $1 AND id = $2`,
        [householdId, id, ttlSeconds],
      );
    });
  }

  async release(householdId: HouseholdId, id: string): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(`DELETE FROM file_blob_holds WHERE household_id = $1 AND id = $2`, [
        householdId,
        id,
      ]);
    });
  }

  /** Is any hold unexpired? (Expired ones are deleted on the way.) */
  async isHeld(householdId: HouseholdId): Promise<boolean> {
    return this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `DELETE FROM file_blob_holds WHERE household_id = $1 AND expires_at <= now()`,
        [householdId],
      );
      const rows = await manager.query<unknown[]>(
        `SELECT 1 FROM file_blob_holds WHERE household_id = $1 LIMIT 1`,
        [householdId],
      );
      return rows.length > 0;
    });
  }
}
