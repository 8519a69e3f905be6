import { Injectable } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadConfig } from '@foyer/core';
import { JobName, OnJob } from '@foyer/jobs';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';
import { JobRecorder } from './job-recorder';
import { startJobsApp } from './jobs-test-app';

@Injectable()
class SecondPurgeHandler {
  @OnJob(JobName.PurgeExpiredAuthRecords)
  async purge(): Promise<void> {}
}

describe('JobsModule boot', () => {
  let database: TestDatabase;
  const boot = (consume: boolean, providers: Parameters<typeof startJobsApp>[0]['providers']) =>
    startJobsApp({
      config: loadConfig({}),
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: database.appUrl, extra: { max: 2 } }),
      ],
      consume,
      providers,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('refuses to consume when a job name has no handler, naming it', async () => {
    const allButOne = Object.values(JobName).filter(
      (name) => name !== JobName.PurgeExpiredAuthRecords,
    );
    await expect(boot(true, [new JobRecorder().handlersClass(allButOne)])).rejects.toThrow(
      `no handler for job "${JobName.PurgeExpiredAuthRecords}"`,
    );
  });

  it('refuses to consume when a job name has two handlers, naming both', async () => {
    await expect(
      boot(true, [new JobRecorder().handlersClass(), SecondPurgeHandler]),
    ).rejects.toThrow(
      /job "accounts.purge-expired-auth-records" has 2 handlers: RecordingHandlers.handle\d+, SecondPurgeHandler.purge/,
    );
  });

  it('boots with one handler per job name', async () => {
    const app = await boot(true, [new JobRecorder().handlersClass()]);
    await app.close();
  });

  it('needs no handler in a process that only enqueues', async () => {
    const app = await boot(false, []);
    await expect(app.queue.ping()).resolves.toBeUndefined();
    await app.close();
  });
});
