import { Client as MinioClient } from 'minio';
import request from 'supertest';
import { DefaultFoldersSeeder } from '@foyer/files';
import { JobQueue } from '@foyer/jobs';
import { ObjectStorage } from '@foyer/storage';
import { ProvisionHouseholdJob } from '../../../libs/households/src/provisioning/provision-household-job';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';
import { createTestApp, TestApp } from '../../harness/test-app';
import { postHousehold, tenantQuery, unwrapDataKey, until } from './provisioning-helpers';

interface Footprint {
  status: string;
  wrappedDataKey: string | null;
  folders: string[];
  activations: number;
  bucket: boolean;
}

/**
 * The provisioning job run for real (its handler, on the real database, S3 and key), several
 * times and after failures in the middle: the household must end with one bucket, one key, one
 * copy of each folder and one activation.
 */
describe('the households.provision job is idempotent', () => {
  let testApp: TestApp;
  let user: TestUser;
  let job: ProvisionHouseholdJob;
  let s3: MinioClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    user = await createUser(testApp, { verified: true });
    job = testApp.app.get(ProvisionHouseholdJob);
    const endpoint = new URL(harness().s3Endpoint);
    s3 = new MinioClient({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port),
      useSSL: false,
      accessKey: S3_ACCESS_KEY,
      secretKey: S3_SECRET_KEY,
      pathStyle: true,
    });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => testApp?.close());

  async function footprint(householdId: string): Promise<Footprint> {
    const [row] = await ownerQuery<{ status: string; wrapped_data_key: string | null }>(
      testApp.db,
      'SELECT status, wrapped_data_key FROM households WHERE id = $1',
      [householdId],
    );
    const folders = await tenantQuery<{ name: string }>(
      testApp.db,
      householdId,
      'SELECT name FROM file_nodes ORDER BY name, id',
    );
    const [activations] = await tenantQuery<{ n: number }>(
      testApp.db,
      householdId,
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'household.activated'`,
    );
    return {
      status: row.status,
      wrappedDataKey: row.wrapped_data_key,
      folders: folders.map((folder) => folder.name),
      activations: activations.n,
      bucket: await s3.bucketExists(`foyer-hh-${householdId}`),
    };
  }

  const done = (wrappedDataKey: string | null): Footprint => ({
    status: 'active',
    wrappedDataKey,
    folders: ['Documents', 'Photos', 'Shared'],
    activations: 1,
    bucket: true,
  });

  /** A household created through the API whose job is not queued: the test runs it by hand. */
  async function unqueuedHousehold(name: string): Promise<string> {
    jest.spyOn(testApp.app.get(JobQueue), 'enqueue').mockResolvedValueOnce(undefined);
    const created = await postHousehold(testApp.server, user, name);
    expect((await footprint(created.id)).status).toBe('provisioning');
    return created.id;
  }

  it('changes nothing when run again after it finished', async () => {
    const householdId = await unqueuedHousehold('Run Twice');
    await job.run({ householdId });
    const first = await footprint(householdId);
    expect(first).toEqual(done(expect.any(String)));
    await job.run({ householdId });
    expect(await footprint(householdId)).toEqual(first);
  });

  it('ends with one key and one set of folders when two runs race', async () => {
    const householdId = await unqueuedHousehold('Two Workers');
    await Promise.all([
      job.run({ householdId }),
      job.run({ householdId }),
      job.run({ householdId }),
    ]);
    const after = await footprint(householdId);
    expect(after).toEqual(done(expect.any(String)));
    expect(
      unwrapDataKey(testApp.config.masterKey!, householdId, after.wrappedDataKey!),
    ).toHaveLength(32);
  });

  it('finishes without duplicates when retried after dying between seeding and activation', async () => {
    const householdId = await unqueuedHousehold('Killed After Seeding');
    // The folders are written, then the worker "dies" before the status changes.
    const seed = DefaultFoldersSeeder.prototype.seed;
    jest.spyOn(DefaultFoldersSeeder.prototype, 'seed').mockImplementationOnce(async function (
      this: DefaultFoldersSeeder,
      id,
    ) {
      await seed.call(this, id);
      throw new Error('worker killed');
    });
    await expect(job.run({ householdId })).rejects.toThrow('worker killed');
    const halfway = await footprint(householdId);
    expect(halfway).toEqual({
      status: 'provisioning',
      wrappedDataKey: expect.any(String),
      folders: ['Documents', 'Photos', 'Shared'],
      activations: 0,
      bucket: true,
    });

    await job.run({ householdId });
    // The key of the first attempt is kept: a data key is never replaced once stored.
    expect(await footprint(householdId)).toEqual(done(halfway.wrappedDataKey));
  });

  it('finishes when retried after failing to create the bucket', async () => {
    const householdId = await unqueuedHousehold('Storage Hiccup');
    jest
      .spyOn(testApp.app.get(ObjectStorage), 'ensureBucket')
      .mockRejectedValueOnce(new Error('S3 is unreachable'));
    await expect(job.run({ householdId })).rejects.toThrow('S3 is unreachable');
    expect(await footprint(householdId)).toEqual({
      status: 'provisioning',
      wrappedDataKey: null,
      folders: [],
      activations: 0,
      bucket: false,
    });
    await job.run({ householdId });
    expect(await footprint(householdId)).toEqual(done(expect.any(String)));
  });

  it('is retried by the queue itself after a failure, and then ends active without duplicates', async () => {
    // A first attempt that dies after seeding; the queue's retry (not the test) finishes it.
    const seed = DefaultFoldersSeeder.prototype.seed;
    const seeding = jest
      .spyOn(DefaultFoldersSeeder.prototype, 'seed')
      .mockImplementationOnce(async function (this: DefaultFoldersSeeder, id) {
        await seed.call(this, id);
        throw new Error('worker killed');
      });
    const created = await postHousehold(testApp.server, user, 'Queue Retries');
    await until(async () => seeding.mock.calls.length >= 1, 'the first attempt');
    // Bull's back-off waits about 10 s before the second attempt.
    await until(
      async () => (await footprint(created.id)).status === 'active',
      'the retried job to activate the household',
      45_000,
    );
    expect(seeding.mock.calls.length).toBe(2);
    expect(await footprint(created.id)).toEqual(done(expect.any(String)));
  }, 60_000);

  it('does nothing for a household that no longer exists, or is no longer provisioning', async () => {
    await expect(
      job.run({ householdId: '00000000-0000-4000-8000-000000000000' }),
    ).resolves.toBeUndefined();
    await expect(job.run({ householdId: 'not-an-id' })).resolves.toBeUndefined();

    const householdId = await unqueuedHousehold('Suspended Early');
    await ownerQuery(testApp.db, `UPDATE households SET status = 'suspended' WHERE id = $1`, [
      householdId,
    ]);
    await job.run({ householdId });
    const after = await footprint(householdId);
    expect(after).toMatchObject({ status: 'suspended', wrappedDataKey: null, bucket: false });
    const shown = await request(testApp.server)
      .get(`/api/v1/households/${householdId}`)
      .set(user.auth)
      .expect(200);
    expect(shown.body.status).toBe('suspended');
  });
});
