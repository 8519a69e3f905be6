import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports: the household archives asked for (`exports`), and the holds an export takes on the
 * household's blobs while it reads them (`file_blob_holds`, owned by the files library).
 *
 * An archive lives in the household's bucket under `exports/<export id>/<attempt id>.zip`: ids
 * only, never a name, and outside `files/`, so the orphan blob collector never looks at it. Each
 * attempt of the job writes a new key; `object_key` names the one that completed. Progress
 * (entries and bytes, done and total) is written by the job as it goes.
 */
export class Exports1764100000900 implements MigrationInterface {
  name = 'Exports1764100000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE exports (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        scope text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        entries_done bigint NOT NULL DEFAULT 0,
        entry_total bigint NOT NULL DEFAULT 0,
        bytes_done bigint NOT NULL DEFAULT 0,
        byte_total bigint NOT NULL DEFAULT 0,
        object_key text,
        size bigint,
        sha256 text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        ready_at timestamptz,
        expires_at timestamptz,
        PRIMARY KEY (household_id, id),
        CONSTRAINT exports_scope_check CHECK (scope IN ('household', 'member')),
        CONSTRAINT exports_status_check
          CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
        CONSTRAINT exports_ready_check CHECK (
          status <> 'ready'
          OR (object_key IS NOT NULL AND size IS NOT NULL AND sha256 IS NOT NULL
              AND ready_at IS NOT NULL AND expires_at IS NOT NULL)),
        CONSTRAINT exports_progress_check CHECK (
          entries_done >= 0 AND entry_total >= 0 AND bytes_done >= 0 AND byte_total >= 0)
      )`);
    await queryRunner.query(
      'CREATE INDEX exports_requester_idx ON exports (household_id, requested_by, created_at)',
    );
    await queryRunner.query(
      `CREATE INDEX exports_expiry_idx ON exports (household_id, expires_at) WHERE status = 'ready'`,
    );
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('exports')`);

    await queryRunner.query(`
      CREATE TABLE file_blob_holds (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (household_id, id)
      )`);
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('file_blob_holds')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE file_blob_holds');
    await queryRunner.query('DROP TABLE exports');
  }
}
