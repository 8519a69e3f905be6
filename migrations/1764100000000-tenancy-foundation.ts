import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The row-level-security floor: one function that reads the household of the current transaction
 * (NULL when unset, so every policy fails closed), and one that puts the standard policy on a
 * tenant table. Every later migration that creates a tenant table calls the second.
 */
export class TenancyFoundation1764100000000 implements MigrationInterface {
  name = 'TenancyFoundation1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION foyer_current_household() RETURNS uuid
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT nullif(current_setting('app.household_id', true), '')::uuid
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION foyer_enable_tenant_rls(target regclass) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
        EXECUTE format(
          'CREATE POLICY household_isolation ON %s
             USING (household_id = foyer_current_household())
             WITH CHECK (household_id = foyer_current_household())',
          target);
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION foyer_enable_tenant_rls(regclass)');
    await queryRunner.query('DROP FUNCTION foyer_current_household()');
  }
}
