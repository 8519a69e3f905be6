import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface EncryptionTotals {
  /** Households that may still hold objects from before encryption. */
  householdsRemaining: number;
  households: number;
  /** Objects the job has encrypted so far, all households together. */
  objectsEncrypted: number;
}

/**
 * The encryption job's progress, kept on the households (control plane): whether a household may
 * still hold plaintext objects, how many the job encrypted, and the last key it finished.
 */
@Injectable()
export class StorageEncryptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Households still to migrate, with where the job stopped in each. */
  async remaining(limit: number): Promise<{ id: string; cursor: string | null }[]> {
    const rows = await this.dataSource.query<{ id: string; encryption_cursor: string | null }[]>(
      `SELECT id, encryption_cursor FROM households
        WHERE plaintext_objects AND wrapped_data_key IS NOT NULL AND status <> 'purging'
        ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, cursor: row.encryption_cursor }));
  }

  async saveCursor(id: string, cursor: string, encrypted: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE households SET encryption_cursor = $2, objects_encrypted = objects_encrypted + $3
        WHERE id = $1`,
      [id, cursor, encrypted],
    );
  }

  /** Every object is encrypted: from now on an object without envelope is refused. */
  async finish(id: string, encrypted: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE households
          SET plaintext_objects = false, encryption_cursor = NULL,
              objects_encrypted = objects_encrypted + $2
        WHERE id = $1`,
      [id, encrypted],
    );
  }

  async totals(): Promise<EncryptionTotals> {
    const [row] = await this.dataSource.query<
      { households: string; remaining: string; objects: string | null }[]
    >(
      `SELECT count(*) AS households,
              count(*) FILTER (WHERE plaintext_objects AND wrapped_data_key IS NOT NULL) AS remaining,
              sum(objects_encrypted) AS objects
         FROM households WHERE status <> 'purging'`,
    );
    return {
      households: Number(row.households),
      householdsRemaining: Number(row.remaining),
      objectsEncrypted: Number(row.objects ?? 0),
    };
  }
}
