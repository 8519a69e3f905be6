import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned_tables: string;
}

/**
 * Refuses to serve when the application's database role could bypass row-level security
 * (superuser, BYPASSRLS, or owner of a table): the tenancy floor must hold in every mode.
 */
@Injectable()
export class ApplicationRoleCheck implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [role] = (await this.dataSource.query(
      `SELECT r.rolname, r.rolsuper, r.rolbypassrls,
              (SELECT count(*) FROM pg_class c
                WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p')) AS owned_tables
         FROM pg_roles r WHERE r.rolname = current_user`,
    )) as RoleRow[];
    if (role.rolsuper || role.rolbypassrls || Number(role.owned_tables) > 0) {
      throw new Error(
        `The application connects to PostgreSQL as "${role.rolname}", which can bypass row-level ` +
          'security (superuser, BYPASSRLS or table owner). Use a separate role in DATABASE_APP_URL.',
      );
    }
  }
}
