import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { HouseholdEntity } from '../entities/household.entity';
import { HouseholdStatus } from '../household-status';

/** The unique constraint that decides, in the end, which of two households gets a slug. */
const SLUG_CONSTRAINT = 'households_slug_key';
const UNIQUE_VIOLATION = '23505';

/**
 * The writes of a household's creation and provisioning (control plane). Each provisioning step
 * is conditional, so running it twice, or after a crash half-way, changes nothing the second time.
 * Conditional updates read `WITH changed AS (UPDATE ... RETURNING id) SELECT id FROM changed`:
 * TypeORM answers a bare UPDATE with `[rows, count]`, a SELECT with its rows.
 */
@Injectable()
export class HouseholdProvisioningRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Which of `slugs` households already use (any status: a deleted household's slug is free). */
  async takenSlugs(slugs: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    const rows = await this.manager(manager).query<{ slug: string }[]>(
      'SELECT slug FROM households WHERE slug = ANY($1::text[])',
      [slugs],
    );
    return new Set(rows.map((row) => row.slug));
  }

  /** A plain INSERT of a new household in `provisioning`, the id chosen by the caller. */
  async insert(
    values: Pick<HouseholdEntity, 'id' | 'slug' | 'name' | 'createdBy'>,
    manager: EntityManager,
  ): Promise<void> {
    await manager.insert(HouseholdEntity, { ...values, status: HouseholdStatus.Provisioning });
  }

  /** True when `error` is another household having taken the slug first. */
  isSlugConflict(error: unknown): boolean {
    if (!(error instanceof QueryFailedError)) return false;
    const driverError = error.driverError as { code?: string; constraint?: string };
    return driverError.code === UNIQUE_VIOLATION && driverError.constraint === SLUG_CONSTRAINT;
  }

  /** Stores the wrapped data key unless one is there already. True when this call stored it. */
  async setWrappedDataKeyIfUnset(id: string, wrappedDataKey: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH changed AS (
         UPDATE households SET wrapped_data_key = $2, updated_at = now()
          WHERE id = $1 AND wrapped_data_key IS NULL
          RETURNING id)
       SELECT id FROM changed`,
      [id, wrappedDataKey],
    );
    return rows.length === 1;
  }

  /** Provisioning → active, and only from provisioning. True when this call made the change. */
  async activateIfProvisioning(id: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.manager(manager).query<{ id: string }[]>(
      `WITH changed AS (
         UPDATE households SET status = 'active', updated_at = now()
          WHERE id = $1 AND status = 'provisioning'
          RETURNING id)
       SELECT id FROM changed`,
      [id],
    );
    return rows.length === 1;
  }

  /** Households still provisioning although created more than `olderThanSeconds` ago. */
  async findStaleProvisioning(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM households
        WHERE status = 'provisioning' AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Undoes a creation whose provisioning job could not be queued; only a household still in
   * `provisioning` (memberships and audit events go with it, by their foreign keys).
   */
  async deleteUnprovisioned(id: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM households WHERE id = $1 AND status = 'provisioning'`,
      [id],
    );
  }
}
