import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files: contents and trash on the file tree (`file_nodes`, created with the households), and
 * the bytes promised to uploads still streaming (`storage_reservations`), which the quota counts.
 *
 * A file's bytes live in the household's bucket under `files/<blob_id>`: an id, never a name.
 * A trashed node keeps its parent and name (that is where a restore puts it back); only the top
 * of a trashed subtree is marked, its descendants are reached through it. Sibling names are
 * unique among the nodes that are not in the trash.
 */
export class Files1764100000500 implements MigrationInterface {
  name = 'Files1764100000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE file_nodes
        ADD COLUMN size bigint NOT NULL DEFAULT 0,
        ADD COLUMN sha256 text,
        ADD COLUMN content_type text,
        ADD COLUMN blob_id uuid,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN trashed_at timestamptz,
        ADD COLUMN trashed_by uuid,
        ADD CONSTRAINT file_nodes_size_check CHECK (size >= 0),
        ADD CONSTRAINT file_nodes_content_check CHECK (
          (kind = 'file' AND blob_id IS NOT NULL AND sha256 IS NOT NULL)
          OR (kind = 'folder' AND blob_id IS NULL AND size = 0)),
        ADD CONSTRAINT file_nodes_name_check CHECK (
          octet_length(name) BETWEEN 1 AND 255 AND name NOT IN ('.', '..')
          AND strpos(name, '/') = 0)`);
    await queryRunner.query('DROP INDEX file_nodes_sibling_names');
    await queryRunner.query(`
      CREATE UNIQUE INDEX file_nodes_sibling_names ON file_nodes
        (household_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)
        WHERE trashed_at IS NULL`);
    await queryRunner.query(
      'CREATE INDEX file_nodes_parent_idx ON file_nodes (household_id, parent_id)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX file_nodes_blob_idx ON file_nodes (household_id, blob_id) WHERE blob_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX file_nodes_trash_idx ON file_nodes (household_id, trashed_at) WHERE trashed_at IS NOT NULL',
    );
    await queryRunner.query(`
      CREATE TABLE storage_reservations (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (household_id, id),
        CONSTRAINT storage_reservations_bytes_check CHECK (bytes >= 0)
      )`);
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('storage_reservations')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE storage_reservations');
    await queryRunner.query('DROP INDEX file_nodes_trash_idx');
    await queryRunner.query('DROP INDEX file_nodes_blob_idx');
    await queryRunner.query('DROP INDEX file_nodes_parent_idx');
    await queryRunner.query('DROP INDEX file_nodes_sibling_names');
    await queryRunner.query(`DELETE FROM file_nodes WHERE trashed_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX file_nodes_sibling_names ON file_nodes
        (household_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`);
    await queryRunner.query(`
      ALTER TABLE file_nodes
        DROP CONSTRAINT file_nodes_name_check,
        DROP CONSTRAINT file_nodes_content_check,
        DROP CONSTRAINT file_nodes_size_check,
        DROP COLUMN trashed_by, DROP COLUMN trashed_at, DROP COLUMN version, DROP COLUMN blob_id,
        DROP COLUMN content_type, DROP COLUMN sha256, DROP COLUMN size`);
  }
}
