import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Households and who belongs to them (control plane), with the first tenant tables: the audit
 * log and the file tree's folders (the files library extends that table). Control-plane tables
 * that carry a household_id are marked with the comment `foyer:control-plane`; every other table
 * with a household_id is under the row-level-security floor (a test checks both).
 */
export class Households1764100000300 implements MigrationInterface {
  name = 'Households1764100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE households (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'provisioning',
        settings jsonb NOT NULL DEFAULT '{}',
        wrapped_data_key text,
        suspended_reason text,
        suspended_at timestamptz,
        deletion_requested_at timestamptz,
        purge_after timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT households_slug_key UNIQUE (slug),
        CONSTRAINT households_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$'),
        CONSTRAINT households_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
        CONSTRAINT households_status_check CHECK (
          status IN ('provisioning', 'active', 'suspended', 'pending_deletion', 'purging'))
      )`);
    await queryRunner.query('CREATE INDEX households_status_idx ON households (status)');
    await queryRunner.query(`
      CREATE TABLE memberships (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (household_id, user_id),
        CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'member', 'child'))
      )`);
    await queryRunner.query('CREATE INDEX memberships_user_id_idx ON memberships (user_id)');
    await queryRunner.query(`COMMENT ON TABLE memberships IS 'foyer:control-plane'`);
    await queryRunner.query(`
      CREATE TABLE invites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL,
        token_hash text NOT NULL,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        CONSTRAINT invites_token_hash_key UNIQUE (token_hash),
        CONSTRAINT invites_email_lower_case CHECK (email = lower(email)),
        CONSTRAINT invites_role_check CHECK (role IN ('owner', 'admin', 'member', 'child'))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX invites_one_pending_per_email ON invites (household_id, email)
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);
    await queryRunner.query(`COMMENT ON TABLE invites IS 'foyer:control-plane'`);
    await queryRunner.query(`
      CREATE TABLE audit_events (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        action text NOT NULL,
        target text,
        details jsonb NOT NULL DEFAULT '{}',
        ip text,
        PRIMARY KEY (household_id, id)
      )`);
    await queryRunner.query(
      'CREATE INDEX audit_events_occurred_at_idx ON audit_events (household_id, occurred_at)',
    );
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('audit_events')`);
    await queryRunner.query(`
      CREATE TABLE file_nodes (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        parent_id uuid,
        name text NOT NULL,
        kind text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        modified_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (household_id, id),
        FOREIGN KEY (household_id, parent_id) REFERENCES file_nodes (household_id, id) ON DELETE CASCADE,
        CONSTRAINT file_nodes_kind_check CHECK (kind IN ('folder', 'file'))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX file_nodes_sibling_names ON file_nodes
        (household_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`);
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('file_nodes')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['file_nodes', 'audit_events', 'invites', 'memberships', 'households']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
