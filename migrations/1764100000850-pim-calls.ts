import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Who called?": call-detail records imported from a phone operator's CSV. A batch is one
 * imported file (its copy is kept in the household's files); a record is one call, its number in
 * E.164 so that it matches contacts' `phones_e164`. The same call imported twice (same start,
 * number, duration and direction) is kept once, so re-importing a file adds nothing. Tenant
 * tables under row-level security; rows go with the household.
 */
export class PimCalls1764100000850 implements MigrationInterface {
  name = 'PimCalls1764100000850';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE call_import_batches (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        imported_by uuid,
        file_name text NOT NULL,
        file_path text,
        default_region text NOT NULL,
        time_zone text NOT NULL,
        lines_read integer NOT NULL DEFAULT 0,
        calls_added integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        skipped jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (household_id, id),
        CONSTRAINT call_import_batches_name_check CHECK (octet_length(file_name) BETWEEN 1 AND 255)
      )`);
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('call_import_batches')`);
    await queryRunner.query(`
      CREATE TABLE call_records (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        batch_id uuid NOT NULL,
        line integer NOT NULL,
        started_at timestamptz NOT NULL,
        number_e164 text NOT NULL,
        raw_number text NOT NULL,
        duration_seconds integer NOT NULL,
        cost numeric,
        currency text,
        direction text,
        PRIMARY KEY (household_id, id),
        FOREIGN KEY (household_id, batch_id)
          REFERENCES call_import_batches (household_id, id) ON DELETE CASCADE,
        CONSTRAINT call_records_duration_check CHECK (duration_seconds >= 0),
        CONSTRAINT call_records_direction_check CHECK (
          direction IS NULL OR direction IN ('incoming', 'outgoing', 'missed')),
        CONSTRAINT call_records_number_check CHECK (number_e164 ~ '^\\+[1-9][0-9]{1,14}$'),
        CONSTRAINT call_records_currency_check CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$')
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX call_records_same_call ON call_records
        (household_id, started_at, number_e164, duration_seconds, coalesce(direction, ''))`);
    await queryRunner.query(
      'CREATE INDEX call_records_newest_idx ON call_records (household_id, started_at DESC, id DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX call_records_batch_idx ON call_records (household_id, batch_id)',
    );
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('call_records')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE call_records');
    await queryRunner.query('DROP TABLE call_import_batches');
  }
}
