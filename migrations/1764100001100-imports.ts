import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of household archives (control plane): who asked, from where, how far it got, and the
 * report. `target_household_id` is the household the import creates, which nobody can see until
 * the import is done. It is not a `household_id`: the row belongs to the instance, not to that
 * household, and must outlive a failed import whose household was removed (and a purge of the
 * imported household). So it has no foreign key either: the id is chosen and recorded before the
 * household is created (so that a resumed import finds the same one), and kept afterwards.
 */
export class Imports1764100001100 implements MigrationInterface {
  name = 'Imports1764100001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        source_kind text NOT NULL,
        source text NOT NULL,
        owner_email text,
        status text NOT NULL DEFAULT 'validating',
        progress jsonb NOT NULL DEFAULT '{}',
        report jsonb,
        error jsonb,
        target_household_id uuid,
        archive_bytes bigint NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        members jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT imports_source_kind_check CHECK (source_kind IN ('file', 'upload', 'migration')),
        CONSTRAINT imports_status_check CHECK (
          status IN ('validating', 'importing', 'verifying', 'done', 'failed'))
      )`);
    await queryRunner.query('CREATE INDEX imports_requested_by_idx ON imports (requested_by)');
    await queryRunner.query(`COMMENT ON TABLE imports IS 'foyer:control-plane'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE imports');
  }
}
