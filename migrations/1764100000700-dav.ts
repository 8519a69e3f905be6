import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WebDAV: dead properties (PROPPATCH), per file or folder (rows go with their node), and write
 * locks (LOCK/UNLOCK), by path: a lock may be taken on a name that does not exist yet. Tenant
 * tables under row-level security; rows go with the household.
 */
export class Dav1764100000700 implements MigrationInterface {
  name = 'Dav1764100000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dav_dead_properties (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        node_id uuid NOT NULL,
        namespace text NOT NULL,
        name text NOT NULL,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (household_id, node_id, namespace, name),
        FOREIGN KEY (household_id, node_id) REFERENCES file_nodes (household_id, id) ON DELETE CASCADE,
        CONSTRAINT dav_dead_properties_name_check CHECK (
          octet_length(namespace) <= 1024 AND octet_length(name) BETWEEN 1 AND 255),
        CONSTRAINT dav_dead_properties_value_check CHECK (octet_length(value) <= 65536)
      )`);
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('dav_dead_properties')`);
    await queryRunner.query(`
      CREATE TABLE dav_locks (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        token uuid NOT NULL,
        path text NOT NULL,
        depth text NOT NULL,
        scope text NOT NULL,
        owner text NOT NULL DEFAULT '',
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (household_id, token),
        CONSTRAINT dav_locks_depth_check CHECK (depth IN ('0', 'infinity')),
        CONSTRAINT dav_locks_scope_check CHECK (scope IN ('exclusive', 'shared')),
        CONSTRAINT dav_locks_owner_check CHECK (octet_length(owner) <= 4096)
      )`);
    await queryRunner.query('CREATE INDEX dav_locks_path_idx ON dav_locks (household_id, path)');
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('dav_locks')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dav_locks');
    await queryRunner.query('DROP TABLE dav_dead_properties');
  }
}
