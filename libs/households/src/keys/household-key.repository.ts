import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredHouseholdKey {
  readonly wrappedDataKey: string | null;
  /** Objects from before encryption may remain (decision 0016); false once migrated. */
  readonly plaintextObjects: boolean;
}

/** The households' wrapped data keys (control plane): read per bucket, rewrapped on rotation. */
@Injectable()
export class HouseholdKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(id: string): Promise<StoredHouseholdKey | undefined> {
    const [row] = await this.dataSource.query<
      { wrapped_data_key: string | null; plaintext_objects: boolean }[]
    >('SELECT wrapped_data_key, plaintext_objects FROM households WHERE id = $1', [id]);
    return row && { wrappedDataKey: row.wrapped_data_key, plaintextObjects: row.plaintext_objects };
  }

  /** One page of households that have a key, after `afterId`, by id. */
  async pageWithKeys(
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; wrappedDataKey: string }[]> {
    const rows = await this.dataSource.query<{ id: string; wrapped_data_key: string }[]>(
      `SELECT id, wrapped_data_key FROM households
        WHERE wrapped_data_key IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((row) => ({ id: row.id, wrappedDataKey: row.wrapped_data_key }));
  }

  /** Replaces a wrapping, only if it is still the one that was read (a purge may have run). */
  async rewrap(id: string, from: string, to: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH changed AS (
         UPDATE households SET wrapped_data_key = $3, updated_at = now()
          WHERE id = $1 AND wrapped_data_key = $2 RETURNING id)
       SELECT id FROM changed`,
      [id, from, to],
    );
    return rows.length === 1;
  }
}
