import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What accounts created by a failed import need beyond UserRepository: their removal. */
@Injectable()
export class ImportedAccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Deletes the account while it is unused: never verified, in no household, never signed in.
   * The membership check reads the households library's table: both are control-plane tables
   * of one database, and the check must be in the same statement as the delete.
   */
  async deleteUnused(userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH deleted AS (
         DELETE FROM users u
          WHERE u.id = $1 AND u.email_verified_at IS NULL AND NOT u.is_instance_admin
            AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)
            AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id)
          RETURNING u.id)
       SELECT id FROM deleted`,
      [userId],
    );
    return rows.length === 1;
  }
}
