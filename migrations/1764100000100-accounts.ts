import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts (global, control-plane tables): users, their sessions, the single-use tokens sent by
 * mail, app passwords for DAV clients, and the fixed windows of the login rate limit. Secrets are
 * never stored: sessions, tokens and app passwords keep a SHA-256, passwords an argon2id hash.
 */
export class Accounts1764100000100 implements MigrationInterface {
  name = 'Accounts1764100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        email_verified_at timestamptz,
        is_instance_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_email_lower_case CHECK (email = lower(email))
      )`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text,
        CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query('CREATE INDEX sessions_user_id_idx ON sessions (user_id)');
    await queryRunner.query('CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)');
    await queryRunner.query(`
      CREATE TABLE auth_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT auth_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT auth_tokens_purpose_check CHECK (purpose IN ('verify_email', 'password_reset'))
      )`);
    await queryRunner.query(
      'CREATE INDEX auth_tokens_user_purpose_idx ON auth_tokens (user_id, purpose)',
    );
    await queryRunner.query('CREATE INDEX auth_tokens_expires_at_idx ON auth_tokens (expires_at)');
    await queryRunner.query(`
      CREATE TABLE app_passwords (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        label text NOT NULL,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT app_passwords_secret_hash_key UNIQUE (secret_hash)
      )`);
    await queryRunner.query('CREATE INDEX app_passwords_user_id_idx ON app_passwords (user_id)');
    await queryRunner.query(`
      CREATE TABLE rate_limit_windows (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
    await queryRunner.query(
      'CREATE INDEX rate_limit_windows_expires_at_idx ON rate_limit_windows (expires_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rate_limit_windows');
    await queryRunner.query('DROP TABLE app_passwords');
    await queryRunner.query('DROP TABLE auth_tokens');
    await queryRunner.query('DROP TABLE sessions');
    await queryRunner.query('DROP TABLE users');
  }
}
