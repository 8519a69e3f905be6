import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live migration, source side: migration tokens (one household, read-only, 24 hours, revocable)
 * and the household's `moved` mark. Tokens are looked up by their hash before any household
 * context exists (they are how the caller authenticates), so the table is control plane, like
 * invites. The mark is two columns rather than a status: the lifecycle (active, suspended,
 * pending deletion, purging) goes on underneath it unchanged, so a moved household can still be
 * deleted by its owners through the usual flow.
 */
export class MigrationTokens1764100001000 implements MigrationInterface {
  name = 'MigrationTokens1764100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE migration_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        export_downloaded_at timestamptz,
        CONSTRAINT migration_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query(
      'CREATE INDEX migration_tokens_household_idx ON migration_tokens (household_id, created_at)',
    );
    await queryRunner.query(`COMMENT ON TABLE migration_tokens IS 'foyer:control-plane'`);
    await queryRunner.query(`
      ALTER TABLE households
        ADD COLUMN moved_to text,
        ADD COLUMN moved_at timestamptz,
        ADD CONSTRAINT households_moved_check CHECK ((moved_to IS NULL) = (moved_at IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE households
        DROP CONSTRAINT households_moved_check,
        DROP COLUMN moved_at,
        DROP COLUMN moved_to`);
    await queryRunner.query('DROP TABLE migration_tokens');
  }
}
