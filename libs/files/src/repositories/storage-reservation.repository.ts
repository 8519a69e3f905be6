import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';

/**
 * Bytes promised to uploads and copies still in flight (`storage_reservations`, a tenant table).
 * A reservation expires (a process killed mid-upload cannot charge the quota for good); a live
 * upload refreshes its own while it streams.
 */
@Injectable()
export class StorageReservationRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /** Bytes held by unexpired reservations, except `exceptId`'s. */
  async reservedBytes(householdId: HouseholdId, exceptId?: string): Promise<number> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [{ reserved }] = await manager.query<{ reserved: string }[]>(
        `SELECT coalesce(sum(bytes), 0) AS reserved FROM storage_reservations
         WHERE household_id = $1 AND expires_at > now() AND ($2::uuid IS NULL OR id <> $2::uuid)`,
        [householdId, exceptId ?? null],
      );
      return Number(reserved);
    });
  }

  async create(householdId: HouseholdId, bytes: number, ttlSeconds: number): Promise<string> {
    return this.scope.run(householdId, async ({ manager }) => {
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO storage_reservations (household_id, bytes, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
        [householdId, bytes, ttlSeconds],
      );
      return id;
    });
  }

  /** Sets the reservation's bytes and pushes its expiry out again. */
  async update(
    householdId: HouseholdId,
    id: string,
    bytes: number,
    ttlSeconds: number,
  ): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `UPDATE storage_reservations SET bytes = $3, expires_at = now() + make_interval(secs => $4)
         WHERE household_id = $1 AND id = $2`,
        [householdId, id, bytes, ttlSeconds],
      );
    });
  }

  async delete(householdId: HouseholdId, id: string): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(`DELETE FROM storage_reservations WHERE household_id = $1 AND id = $2`, [
        householdId,
        id,
      ]);
    });
  }

  async deleteExpired(householdId: HouseholdId): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `DELETE FROM storage_reservations WHERE household_id = $1 AND expires_at <= now()`,
        [householdId],
      );
    });
  }
}
