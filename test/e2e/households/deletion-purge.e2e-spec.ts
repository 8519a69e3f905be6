import { Readable } from 'node:stream';
import request from 'supertest';
import { JobName, JobQueue } from '@foyer/jobs';
import { ObjectStorage } from '@foyer/storage';
import { HouseholdPurger } from '../../../libs/households/src/deletion/household-purger';
import { householdBucket } from '@foyer/households';
import { loadConfig, toHouseholdId } from '@foyer/core';
import { BucketKey, ObjectKeyring, StorageErrorCode } from '@foyer/storage';
import { KeyVault } from '../../../libs/households/src/keys/key-vault';
import { EncryptingObjectStorage } from '../../../libs/storage/src/encryption/encrypting-object-storage';
import { createObjectStorage } from '../../../libs/storage/src/storage.module';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, signIn, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  eventually,
  rowsOfHousehold,
  seedHousehold,
  SeededHousehold,
  superuserQuery,
  tablesWithHouseholdId,
} from './household-fixture';

/** Rows of every kind a household has today, written past row-level security. */
async function fill(testApp: TestApp, household: SeededHousehold, author: TestUser): Promise<void> {
  const [root] = await superuserQuery<{ id: string }>(
    testApp.db,
    `INSERT INTO file_nodes (household_id, name, kind, created_by)
     VALUES ($1, 'Documents', 'folder', $2) RETURNING id`,
    [household.id, author.id],
  );
  await superuserQuery(
    testApp.db,
    `INSERT INTO file_nodes (household_id, parent_id, name, kind, created_by)
     VALUES ($1, $2, 'Taxes', 'folder', $3)`,
    [household.id, root.id, author.id],
  );
  await superuserQuery(
    testApp.db,
    `INSERT INTO audit_events (household_id, actor_user_id, action) VALUES ($1, $2, 'test.filled')`,
    [household.id, author.id],
  );
  await ownerQuery(
    testApp.db,
    `INSERT INTO invites (household_id, email, role, token_hash, invited_by, expires_at)
     VALUES ($1, $2, 'member', $3, $4, now() + interval '7 days')`,
    [household.id, `guest-${household.slug}@example.com`, `hash-${household.id}`, author.id],
  );
  const vault = testApp.app.get(KeyVault, { strict: false });
  await ownerQuery(testApp.db, `UPDATE households SET wrapped_data_key = $2 WHERE id = $1`, [
    household.id,
    await vault.wrap(toHouseholdId(household.id), vault.newDataKey()),
  ]);
  const storage = testApp.app.get(ObjectStorage);
  const bucket = householdBucket(household.id);
  await storage.ensureBucket(bucket);
  for (const key of ['blobs/one', 'blobs/two']) {
    await storage.putObject(bucket, key, Readable.from([Buffer.from(`content of ${key}`)]));
  }
}

const householdExists = async (testApp: TestApp, id: string) =>
  (await superuserQuery(testApp.db, 'SELECT 1 FROM households WHERE id = $1', [id])).length > 0;

const statusOf = async (testApp: TestApp, id: string) =>
  (
    await ownerQuery<{ status: string }>(
      testApp.db,
      'SELECT status FROM households WHERE id = $1',
      [id],
    )
  )[0]?.status;

/** An owner deletes the household, its grace period ends, and the sweep purges it. */
async function deleteAndPurge(testApp: TestApp, owner: TestUser, id: string): Promise<void> {
  await request(testApp.server)
    .delete(`/api/v1/households/${id}`)
    .set(owner.auth)
    .send({ password: owner.password })
    .expect(202);
  await ownerQuery(
    testApp.db,
    `UPDATE households SET purge_after = now() - interval '1 minute' WHERE id = $1`,
    [id],
  );
  await sweep(testApp);
  await eventually(async () => !(await householdExists(testApp, id)), 'the purge');
}

let sweepNumber = 0;
/** Runs the hourly sweep now, as the scheduler would (a key of its own, so it is not deduplicated away). */
async function sweep(testApp: TestApp): Promise<void> {
  sweepNumber += 1;
  await testApp.app
    .get(JobQueue)
    .enqueue(JobName.PurgeDueHouseholds, {}, { deduplicationKey: `test-sweep-${sweepNumber}` });
}

describe('purging a deleted household', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
  });
  afterAll(() => testApp?.close());

  it('every table with a household_id goes with the household: a foreign key to households, ON DELETE CASCADE', async () => {
    const tables = await tablesWithHouseholdId(testApp.db);
    expect(tables).toEqual(
      expect.arrayContaining(['audit_events', 'file_nodes', 'invites', 'memberships']),
    );
    const cascading = await superuserQuery<{ table: string }>(
      testApp.db,
      `SELECT c.conrelid::regclass::text AS table
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attname = 'household_id'
        WHERE c.contype = 'f'
          AND c.confrelid = 'households'::regclass
          AND c.conkey = ARRAY[a.attnum]
          AND c.confdeltype = 'c'`,
    );
    const withoutCascade = tables.filter((table) => !cascading.some((row) => row.table === table));
    // A table listed here would keep rows of purged households: give it
    // `household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE`.
    expect(withoutCascade).toEqual([]);
  });

  it('deletes every row, object and the bucket of a due household, and nothing of any other', async () => {
    const doomed = await seedHousehold(testApp.db, { owners: [owner], members: [member] });
    const bystander = await seedHousehold(testApp.db, { owners: [member], members: [owner] });
    const notDue = await seedHousehold(testApp.db, { owners: [owner] });
    for (const household of [doomed, bystander, notDue]) await fill(testApp, household, owner);

    for (const household of [doomed, notDue]) {
      await request(testApp.server)
        .delete(`/api/v1/households/${household.id}`)
        .set(owner.auth)
        .send({ password: owner.password })
        .expect(202);
    }
    const before = await rowsOfHousehold(testApp.db, doomed.id);
    expect(before).toMatchObject({ audit_events: 2, file_nodes: 2, invites: 1, memberships: 2 });
    const bystanderBefore = await rowsOfHousehold(testApp.db, bystander.id);
    const notDueBefore = await rowsOfHousehold(testApp.db, notDue.id);

    // The grace period ends (for the doomed household only), and the hourly sweep comes.
    await ownerQuery(
      testApp.db,
      `UPDATE households SET purge_after = now() - interval '1 minute' WHERE id = $1`,
      [doomed.id],
    );
    await sweep(testApp);
    await eventually(async () => !(await householdExists(testApp, doomed.id)), 'the purge');

    // Seen past row-level security: not one row with that household_id anywhere.
    const after = await rowsOfHousehold(testApp.db, doomed.id);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.values(after).every((count) => count === 0)).toBe(true);
    const storage = testApp.app.get(ObjectStorage);
    expect(await storage.bucketExists(householdBucket(doomed.id))).toBe(false);

    // The others are untouched, the not-yet-due one still pending.
    expect(await rowsOfHousehold(testApp.db, bystander.id)).toEqual(bystanderBefore);
    expect(await rowsOfHousehold(testApp.db, notDue.id)).toEqual(notDueBefore);
    expect(await statusOf(testApp, notDue.id)).toBe('pending_deletion');
    for (const household of [bystander, notDue]) {
      const keys: string[] = [];
      for await (const key of storage.listKeys(householdBucket(household.id))) keys.push(key);
      expect(keys.sort()).toEqual(['blobs/one', 'blobs/two']);
    }
    // People are not households: the accounts stay, and sign in without the purged household.
    await signIn(testApp.server, owner.email, owner.password);
    const me = await request(testApp.server).get('/api/v1/me').set(owner.auth).expect(200);
    expect(JSON.stringify(me.body)).not.toContain(doomed.id);
    expect(JSON.stringify(me.body)).toContain(bystander.id);
  });

  it('purges a household made through the API: its default folders, data key and bucket go too', async () => {
    const created = await request(testApp.server)
      .post('/api/v1/households')
      .set(owner.auth)
      .send({ name: 'Made for deletion' })
      .expect(202);
    const id = (created.body as { id: string }).id;
    await eventually(
      async () => (await statusOf(testApp, id)) === 'active',
      'the household to be provisioned',
    );
    const storage = testApp.app.get(ObjectStorage);
    expect(await storage.bucketExists(householdBucket(id))).toBe(true);
    const [keyed] = await ownerQuery<{ has_key: boolean }>(
      testApp.db,
      'SELECT wrapped_data_key IS NOT NULL AS has_key FROM households WHERE id = $1',
      [id],
    );
    expect(keyed.has_key).toBe(true);
    expect((await rowsOfHousehold(testApp.db, id)).file_nodes).toBeGreaterThan(0);

    await deleteAndPurge(testApp, owner, id);
    expect(Object.values(await rowsOfHousehold(testApp.db, id)).every((n) => n === 0)).toBe(true);
    expect(await storage.bucketExists(householdBucket(id))).toBe(false);
  });

  it('crypto-shreds: a copy of the bucket taken before the purge opens under nothing Foyer keeps', async () => {
    const doomed = await seedHousehold(testApp.db, { owners: [owner] });
    const bystander = await seedHousehold(testApp.db, { owners: [owner] });
    for (const household of [doomed, bystander]) await fill(testApp, household, owner);
    const bucket = householdBucket(doomed.id);
    // The store itself, past the port: what a stolen disk or a provider's backup holds.
    const raw = createObjectStorage(
      loadConfig({ S3_ENDPOINT: harness().s3Endpoint, S3_ACCESS_KEY, S3_SECRET_KEY }),
    );
    const copy = new Map<string, Buffer>();
    for await (const key of raw.listKeys(bucket)) {
      const chunks: Buffer[] = [];
      for await (const chunk of await raw.getObject(bucket, key)) chunks.push(chunk as Buffer);
      copy.set(key, Buffer.concat(chunks));
    }
    expect([...copy.keys()].sort()).toEqual(['blobs/one', 'blobs/two']);
    expect([...copy.values()].some((data) => data.includes('content of'))).toBe(false);

    await deleteAndPurge(testApp, owner, doomed.id);

    // The copy is put back where it was: the application cannot read it, its key is gone.
    await raw.ensureBucket(bucket);
    for (const [key, data] of copy) await raw.putObject(bucket, key, Readable.from([data]));
    const storage = testApp.app.get(ObjectStorage);
    await expect(storage.getObject(bucket, 'blobs/one')).rejects.toMatchObject({
      code: StorageErrorCode.KeyUnavailable,
    });
    // Nor under any data key Foyer still keeps (every other household's, unwrapped).
    const vault = testApp.app.get(KeyVault, { strict: false });
    const kept = await ownerQuery<{ id: string; wrapped_data_key: string }>(
      testApp.db,
      'SELECT id, wrapped_data_key FROM households WHERE wrapped_data_key IS NOT NULL',
    );
    expect(kept.map((row) => row.id)).toContain(bystander.id);
    for (const row of kept) {
      const key = await vault.unwrap(toHouseholdId(row.id), row.wrapped_data_key);
      const keyring = new (class extends ObjectKeyring {
        async keyFor(): Promise<BucketKey> {
          return { version: 1, key, acceptsPlaintext: false };
        }
        async reportIntegrityFailure(): Promise<void> {}
      })();
      const trying = new EncryptingObjectStorage(raw, keyring);
      for (const objectKey of copy.keys()) {
        await expect(trying.getObject(bucket, objectKey)).rejects.toMatchObject({
          code: StorageErrorCode.IntegrityFailed,
        });
      }
    }
    await raw.removeBucket(bucket);
  });

  it('finishes a purge that stopped half-way (status purging, bucket already gone)', async () => {
    const household = await seedHousehold(testApp.db, { owners: [owner] });
    await fill(testApp, household, owner);
    await testApp.app.get(ObjectStorage).removeBucket(householdBucket(household.id));
    await ownerQuery(
      testApp.db,
      `UPDATE households SET status = 'purging', deletion_requested_at = now() - interval '31 days',
              purge_after = now() - interval '1 day' WHERE id = $1`,
      [household.id],
    );
    await sweep(testApp);
    await eventually(async () => !(await householdExists(testApp, household.id)), 'the purge');
    expect(
      Object.values(await rowsOfHousehold(testApp.db, household.id)).every((n) => n === 0),
    ).toBe(true);
  });

  it('leaves alone a household that is gone, active again or not due, when its purge job runs anyway', async () => {
    const purger = testApp.app.get(HouseholdPurger, { strict: false });
    await expect(purger.purge('00000000-0000-4000-8000-000000000000')).resolves.toBe(false);

    // Cancelled after the sweep queued its purge: the job finds it active and does nothing.
    const cancelled = await seedHousehold(testApp.db, { owners: [owner] });
    await fill(testApp, cancelled, owner);
    await expect(purger.purge(cancelled.id)).resolves.toBe(false);
    expect(await statusOf(testApp, cancelled.id)).toBe('active');

    const pending = await seedHousehold(testApp.db, { owners: [owner] });
    await request(testApp.server)
      .delete(`/api/v1/households/${pending.id}`)
      .set(owner.auth)
      .send({ password: owner.password })
      .expect(202);
    await expect(purger.purge(pending.id)).resolves.toBe(false);
    expect(await statusOf(testApp, pending.id)).toBe('pending_deletion');

    const storage = testApp.app.get(ObjectStorage);
    expect(await storage.bucketExists(householdBucket(cancelled.id))).toBe(true);
    expect((await rowsOfHousehold(testApp.db, cancelled.id)).file_nodes).toBe(2);

    // Run twice, a purge is done once and then has nothing left to do.
    await ownerQuery(
      testApp.db,
      `UPDATE households SET purge_after = now() - interval '1 second' WHERE id = $1`,
      [pending.id],
    );
    await expect(purger.purge(pending.id)).resolves.toBe(true);
    await expect(purger.purge(pending.id)).resolves.toBe(false);
    expect(await householdExists(testApp, pending.id)).toBe(false);
  });
});

describe('with FOYER_DELETION_GRACE_DAYS=0', () => {
  let testApp: TestApp;
  afterAll(() => testApp?.close());

  it('is due at once, and the next sweep purges it', async () => {
    testApp = await createTestApp({ FOYER_DELETION_GRACE_DAYS: '0' });
    const owner = await createUser(testApp, { verified: true });
    const household = await seedHousehold(testApp.db, { owners: [owner] });
    await fill(testApp, household, owner);
    const response = await request(testApp.server)
      .delete(`/api/v1/households/${household.slug}`)
      .set(owner.auth)
      .send({ password: owner.password })
      .expect(202);
    const [row] = await ownerQuery<{ same: boolean }>(
      testApp.db,
      'SELECT purge_after = deletion_requested_at AS same FROM households WHERE id = $1',
      [household.id],
    );
    expect(row.same).toBe(true);
    expect(Date.parse(response.body.purgeAfter as string)).not.toBeNaN();
    await sweep(testApp);
    await eventually(async () => !(await householdExists(testApp, household.id)), 'the purge');
    expect(await testApp.app.get(ObjectStorage).bucketExists(householdBucket(household.id))).toBe(
      false,
    );
  });
});
