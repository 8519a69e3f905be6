import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Objects at rest are encrypted under each household's data key (decision 0016). Households
 * that exist now may hold objects stored before that: they accept plaintext objects until the
 * encryption job has migrated theirs. Households created from now on never do.
 * `objects_encrypted` and `encryption_cursor` are that job's progress (the last key it finished,
 * in listing order), so that it resumes where it stopped.
 */
export class ObjectEncryption1764100002500 implements MigrationInterface {
  name = 'ObjectEncryption1764100002500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE households ADD COLUMN plaintext_objects boolean NOT NULL DEFAULT true',
    );
    await queryRunner.query(
      'ALTER TABLE households ALTER COLUMN plaintext_objects SET DEFAULT false',
    );
    await queryRunner.query(
      'ALTER TABLE households ADD COLUMN objects_encrypted bigint NOT NULL DEFAULT 0',
    );
    await queryRunner.query('ALTER TABLE households ADD COLUMN encryption_cursor text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE households DROP COLUMN encryption_cursor, DROP COLUMN objects_encrypted, DROP COLUMN plaintext_objects',
    );
  }
}
