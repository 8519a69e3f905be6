import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MigrationTokenEntity } from './migration-token.entity';

/** A token found by its hash, with what authenticating needs of its household. */
export interface MigrationTokenWithHousehold {
  token: MigrationTokenEntity;
  household: { id: string; slug: string; name: string; status: string };
}

/** How many tokens the list shows: the recent ones are all an owner needs to revoke. */
const LIST_LIMIT = 50;

/** Migration tokens (control plane: looked up by hash before any household context exists). */
@Injectable()
export class MigrationTokenRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(
    values: Pick<MigrationTokenEntity, 'householdId' | 'tokenHash' | 'createdBy' | 'expiresAt'>,
    manager?: EntityManager,
  ): Promise<MigrationTokenEntity> {
    const repository = this.manager(manager).getRepository(MigrationTokenEntity);
    return repository.save(repository.create(values));
  }

  async findByHash(tokenHash: string): Promise<MigrationTokenWithHousehold | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(MigrationTokenEntity, 'token')
      .innerJoin('households', 'household', 'household.id = token.household_id')
      .addSelect('household.slug', 'household_slug')
      .addSelect('household.name', 'household_name')
      .addSelect('household.status', 'household_status')
      .where('token.token_hash = :tokenHash', { tokenHash })
      .getRawAndEntities();
    const token = row.entities[0];
    if (!token) return null;
    const raw = row.raw[0] as Record<string, string>;
    return {
      token,
      household: {
        id: token.householdId,
        slug: raw.household_slug,
        name: raw.household_name,
        status: raw.household_status,
      },
    };
  }

  /** Newest first, revoked and expired ones included (the list says which). */
  list(householdId: string): Promise<MigrationTokenEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(MigrationTokenEntity, 'token')
      .where('token.household_id = :householdId', { householdId })
      .orderBy('token.created_at', 'DESC')
      .addOrderBy('token.id', 'DESC')
      .limit(LIST_LIMIT)
      .getMany();
  }

  /** Revokes a token of this household that is not revoked yet; false when there is none. */
  async revoke(householdId: string, id: string, manager?: EntityManager): Promise<boolean> {
    const [rows] = (await this.manager(manager).query(
      `UPDATE migration_tokens SET revoked_at = now()
        WHERE id = $1 AND household_id = $2 AND revoked_at IS NULL
        RETURNING id`,
      [id, householdId],
    )) as [unknown[], number];
    return rows.length === 1;
  }

  async touch(id: string): Promise<void> {
    await this.dataSource.query('UPDATE migration_tokens SET last_used_at = now() WHERE id = $1', [
      id,
    ]);
  }

  /** Records the first download of the export with this token; later ones keep the first time. */
  async recordExportDownload(id: string): Promise<Date> {
    // With RETURNING, the driver answers an UPDATE with [rows, count].
    const [rows] = (await this.dataSource.query(
      `UPDATE migration_tokens
          SET export_downloaded_at = coalesce(export_downloaded_at, now()), last_used_at = now()
        WHERE id = $1
        RETURNING export_downloaded_at AS at`,
      [id],
    )) as [{ at: Date }[], number];
    return rows[0].at;
  }
}
