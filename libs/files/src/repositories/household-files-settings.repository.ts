import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * What the files library reads of the control plane: a household's storage quota override
 * (`households.settings.storageQuotaBytes`) and the households whose blobs the orphan collector
 * visits.
 */
@Injectable()
export class HouseholdFilesSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The quota in `settings.storageQuotaBytes`, or null when none is set. */
  async quotaOverride(householdId: string): Promise<number | null> {
    const rows = await this.dataSource.query<{ quota: string | null }[]>(
      `SELECT settings->>'storageQuotaBytes' AS quota FROM households WHERE id = $1`,
      [householdId],
    );
    const quota = rows[0]?.quota;
    if (quota === null || quota === undefined) return null;
    const bytes = Number(quota);
    return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : null;
  }

  /** Households that hold files: provisioned, and not being purged. */
  async householdsWithFiles(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM households WHERE status IN ('active', 'suspended', 'pending_deletion')
       ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }
}
