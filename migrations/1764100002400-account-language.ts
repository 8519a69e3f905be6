import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each account's language (mails, default folder names; the web app follows it once signed in),
 * and the change of an account's email address: the new address waits in `pending_email` until
 * the link mailed to it is opened (a `change_email` token), so a typo never locks anyone out.
 * Existing accounts keep English, the only language mails had so far.
 */
export class AccountLanguage1764100002400 implements MigrationInterface {
  name = 'AccountLanguage1764100002400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN language text NOT NULL DEFAULT 'en',
        ADD COLUMN pending_email text,
        ADD CONSTRAINT users_language_check CHECK (language IN ('en', 'fr')),
        ADD CONSTRAINT users_pending_email_lower_case CHECK (pending_email = lower(pending_email))`);
    await queryRunner.query(`
      ALTER TABLE auth_tokens
        DROP CONSTRAINT auth_tokens_purpose_check,
        ADD CONSTRAINT auth_tokens_purpose_check
          CHECK (purpose IN ('verify_email', 'password_reset', 'change_email'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM auth_tokens WHERE purpose = 'change_email'`);
    await queryRunner.query(`
      ALTER TABLE auth_tokens
        DROP CONSTRAINT auth_tokens_purpose_check,
        ADD CONSTRAINT auth_tokens_purpose_check
          CHECK (purpose IN ('verify_email', 'password_reset'))`);
    await queryRunner.query(`
      ALTER TABLE users
        DROP CONSTRAINT users_pending_email_lower_case,
        DROP CONSTRAINT users_language_check,
        DROP COLUMN pending_email,
        DROP COLUMN language`);
  }
}
