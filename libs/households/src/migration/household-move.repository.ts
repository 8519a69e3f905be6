import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The household's `moved` mark (control plane). Like the lifecycle's changes, each is one
 * conditional UPDATE, so two callers marking it at once cannot both win.
 */
@Injectable()
export class HouseholdMoveRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Marks a provisioned household that is not moved yet; its `moved_at`, or null. */
  async markMoved(id: string, movedTo: string, manager?: EntityManager): Promise<Date | null> {
    const [rows] = (await (manager ?? this.dataSource.manager).query(
      `UPDATE households SET moved_to = $2, moved_at = now(), updated_at = now()
        WHERE id = $1 AND moved_to IS NULL AND status NOT IN ('provisioning', 'purging')
        RETURNING moved_at`,
      [id, movedTo],
    )) as [{ moved_at: Date }[], number];
    return rows[0]?.moved_at ?? null;
  }

  /** Clears the mark; false when the household was not marked. */
  async clearMoved(id: string, manager?: EntityManager): Promise<boolean> {
    const [rows] = (await (manager ?? this.dataSource.manager).query(
      `UPDATE households SET moved_to = NULL, moved_at = NULL, updated_at = now()
        WHERE id = $1 AND moved_to IS NOT NULL
        RETURNING id`,
      [id],
    )) as [unknown[], number];
    return rows.length === 1;
  }
}
