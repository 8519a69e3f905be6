import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue of the embedded default (the in-process driver of libs/jobs): a global table, since a
 * job is infrastructure, not household data; payloads carry ids (a `householdId` among them) and
 * the handler rebuilds the household context. Hosted deployments keep their jobs in Redis (Bull)
 * and leave this table empty.
 */
export class Jobs1764100000200 implements MigrationInterface {
  name = 'Jobs1764100000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue text NOT NULL,
        name text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        state text NOT NULL DEFAULT 'waiting'
          CONSTRAINT jobs_state_check CHECK (state IN ('waiting', 'delayed', 'active', 'completed', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT jobs_attempts_check CHECK (attempts >= 0),
        max_attempts integer NOT NULL DEFAULT 5 CONSTRAINT jobs_max_attempts_check CHECK (max_attempts >= 1),
        run_at timestamptz NOT NULL DEFAULT now(),
        locked_at timestamptz,
        last_error text,
        deduplication_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    // A key is unique among unfinished jobs of one name only: once a job completes or fails for
    // good, the same key can be enqueued again (a second verification mail, a new export).
    await queryRunner.query(`
      CREATE UNIQUE INDEX jobs_unfinished_deduplication_key
        ON jobs (name, deduplication_key)
        WHERE deduplication_key IS NOT NULL AND state IN ('waiting', 'delayed', 'active')`);
    // What the consumer polls: due jobs, oldest first. Partial, so finished jobs cost nothing.
    await queryRunner.query(`
      CREATE INDEX jobs_due ON jobs (run_at) WHERE state IN ('waiting', 'delayed')`);
    // Finding jobs left active by a killed process, at start.
    await queryRunner.query(`CREATE INDEX jobs_active ON jobs (locked_at) WHERE state = 'active'`);
    // The periodic purge of completed jobs.
    await queryRunner.query(
      `CREATE INDEX jobs_completed ON jobs (finished_at) WHERE state = 'completed'`,
    );
    // counts() for readiness and metrics.
    await queryRunner.query(`CREATE INDEX jobs_queue_state ON jobs (queue, state)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE jobs');
  }
}
