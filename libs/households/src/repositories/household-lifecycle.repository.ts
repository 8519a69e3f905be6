import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HouseholdStatus } from '../household-status';

/**
 * The household's status changes that must not race: each one is a single conditional UPDATE
 * (`... WHERE status = <expected>`), so of a cancel and a purge, or a suspension and a deletion
 * request, exactly one wins and the other sees that it did not. Control-plane table.
 */
@Injectable()
export class HouseholdLifecycleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Active → pending deletion, purged after `graceDays`. The new purge time, or null. */
  async requestDeletion(
    id: string,
    graceDays: number,
    manager?: EntityManager,
  ): Promise<Date | null> {
    const rows = await this.changed<{ purge_after: Date }>(
      manager,
      `UPDATE households
          SET status = 'pending_deletion', deletion_requested_at = now(),
              purge_after = now() + make_interval(days => $2::int), updated_at = now()
        WHERE id = $1 AND status = 'active'
        RETURNING purge_after`,
      [id, graceDays],
    );
    return rows[0]?.purge_after ?? null;
  }

  /** Pending deletion → active. False when the household was not pending deletion. */
  async cancelDeletion(id: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.changed(
      manager,
      `UPDATE households
          SET status = 'active', deletion_requested_at = NULL, purge_after = NULL,
              updated_at = now()
        WHERE id = $1 AND status = 'pending_deletion'
        RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  /** Active → suspended, with the reason. False when the household was not active. */
  async suspend(id: string, reason: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.changed(
      manager,
      `UPDATE households
          SET status = 'suspended', suspended_reason = $2, suspended_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'active'
        RETURNING id`,
      [id, reason],
    );
    return rows.length === 1;
  }

  /** Suspended → active. False when the household was not suspended. */
  async unsuspend(id: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.changed(
      manager,
      `UPDATE households
          SET status = 'active', suspended_reason = NULL, suspended_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'suspended'
        RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  /** Households whose grace period has ended, and purges that were started and not finished. */
  async findDueForPurge(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM households
        WHERE (status = 'pending_deletion' AND purge_after <= now()) OR status = 'purging'
        ORDER BY purge_after NULLS FIRST, id
        LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Pending deletion past its purge time → purging. True when the purge may go on: this call
   * started it, or an earlier attempt did. A household cancelled or not yet due is left alone.
   */
  async startPurge(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ status: HouseholdStatus }[]>(
      `WITH started AS (
         UPDATE households SET status = 'purging', updated_at = now()
          WHERE id = $1 AND status = 'pending_deletion' AND purge_after <= now()
          RETURNING status)
       SELECT status FROM started
       UNION ALL
       SELECT status FROM households WHERE id = $1 AND status = 'purging'`,
      [id],
    );
    return rows.length > 0;
  }

  /** Forgets the wrapped data key: whatever was encrypted under it can no longer be read. */
  async destroyDataKey(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE households SET wrapped_data_key = NULL, updated_at = now()
        WHERE id = $1 AND status = 'purging'`,
      [id],
    );
  }

  /**
   * Deletes the household's row. Every table with a household_id references households with
   * ON DELETE CASCADE (the deletion tests check the catalog for it), and PostgreSQL runs those
   * cascades as the referencing table's owner without FORCE ROW LEVEL SECURITY, so the tenant rows
   * go too although the application role cannot see them from here.
   */
  async deletePurged(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM households WHERE id = $1 AND status = 'purging'`, [
      id,
    ]);
  }

  private async changed<Row = { id: string }>(
    manager: EntityManager | undefined,
    sql: string,
    parameters: unknown[],
  ): Promise<Row[]> {
    // With RETURNING, the driver answers an UPDATE with [rows, count].
    const [rows] = (await this.manager(manager).query(sql, parameters)) as [Row[], number];
    return rows;
  }
}
