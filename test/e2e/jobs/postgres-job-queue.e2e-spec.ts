import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { loadConfig } from '@foyer/core';
import { JobName } from '@foyer/jobs';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';
import { eventually } from './eventually';
import { describeJobQueueContract } from './job-queue-contract';
import { JobsBackend, StoredJob, useJobsFixture } from './jobs-fixture';

interface PostgresBackend extends JobsBackend {
  /** A connection as the application role, to read and arrange rows behind the driver's back. */
  client: Client;
}

async function createPostgresBackend(): Promise<PostgresBackend> {
  const database: TestDatabase = await createTestDatabase();
  const client = new Client({ connectionString: database.appUrl });
  await client.connect();
  return {
    // No REDIS_URL: the embedded default, the in-process queue.
    config: loadConfig({}),
    imports: [TypeOrmModule.forRoot({ type: 'postgres', url: database.appUrl, extra: { max: 4 } })],
    client,
    jobs: async () =>
      (
        await client.query<StoredJob>(
          `SELECT name, state, attempts, last_error AS error FROM jobs ORDER BY created_at`,
        )
      ).rows,
    tearDown: async () => {
      await client.end();
      await database.drop();
    },
  };
}

describeJobQueueContract('PostgreSQL, embedded default', createPostgresBackend);

describe('PostgreSQL job queue', () => {
  const fixture = useJobsFixture(createPostgresBackend);

  /** What a consumer killed in the middle of a job leaves: the row claimed, the attempt counted. */
  const leaveActive = (attempts: number) =>
    fixture.backend.client.query(
      `UPDATE jobs SET state = 'active', attempts = $1, locked_at = now()`,
      [attempts],
    );

  it('resumes, at the next start, a job left active by a killed consumer', async () => {
    const producer = await fixture.start(false);
    await producer.queue.enqueue(JobName.SendVerificationEmail, { userId: 'user-1' });
    await leaveActive(1);

    await fixture.start(true);

    await eventually(fixture.backend.jobs, ([job]) => job?.state === 'completed', {
      what: 'the job to complete',
    });
    expect(fixture.recorder.calls).toEqual([
      { name: JobName.SendVerificationEmail, payload: { userId: 'user-1' } },
    ]);
    expect(fixture.recorder.failures).toEqual([]);
    expect(await fixture.backend.jobs()).toEqual([
      {
        name: JobName.SendVerificationEmail,
        state: 'completed',
        attempts: 2,
        error: 'Interrupted: the process stopped while the job was running',
      },
    ]);
  });

  it('fails, rather than reruns, an interrupted job that had no attempt left', async () => {
    const producer = await fixture.start(false);
    await producer.queue.enqueue(
      JobName.SendVerificationEmail,
      { userId: 'user-1' },
      { attempts: 2 },
    );
    await leaveActive(2);

    const consumer = await fixture.start(true);

    expect(await fixture.backend.jobs()).toEqual([
      expect.objectContaining({
        state: 'failed',
        attempts: 2,
        error: expect.stringMatching(/^Interrupted/),
      }),
    ]);
    expect((await consumer.queue.counts()).mail.failed).toBe(1);
    expect(fixture.recorder.calls).toHaveLength(0);
    // What its attempts left is undone by its failure handler, before anything else runs.
    expect(fixture.recorder.failures).toEqual([
      {
        name: JobName.SendVerificationEmail,
        payload: { userId: 'user-1' },
        reason: expect.stringMatching(/^Interrupted/),
      },
    ]);
  });

  it('deletes jobs completed more than a week ago, and keeps the others', async () => {
    await fixture.backend.client.query(
      `INSERT INTO jobs (queue, name, state, attempts, finished_at) VALUES
         ('maintenance', $1, 'completed', 1, now() - interval '8 days'),
         ('maintenance', $1, 'completed', 1, now() - interval '6 days'),
         ('maintenance', $1, 'failed', 5, now() - interval '30 days')`,
      [JobName.PurgeExpiredAuthRecords],
    );

    await fixture.start(true);

    const remaining = await eventually(fixture.backend.jobs, (jobs) => jobs.length === 2, {
      what: 'the purge',
    });
    expect(remaining.map((job) => job.state).sort()).toEqual(['completed', 'failed']);
  });

  it('runs jobs due earlier first', async () => {
    const producer = await fixture.start(false);
    await producer.queue.enqueue(JobName.SendVerificationEmail, { userId: 'second' });
    await producer.queue.enqueue(JobName.SendVerificationEmail, { userId: 'first' });
    await fixture.backend.client.query(
      `UPDATE jobs SET run_at = now() - interval '1 minute' WHERE payload->>'userId' = 'first'`,
    );

    await fixture.start(true);

    await eventually(
      () => fixture.recorder.calls.length,
      (count) => count === 2,
      { what: 'both jobs to run' },
    );
    expect(
      fixture.recorder.calls.map((call) => (call.payload as { userId: string }).userId),
    ).toEqual(['first', 'second']);
  });
});
