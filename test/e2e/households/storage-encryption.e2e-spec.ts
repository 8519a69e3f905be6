import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import request from 'supertest';
import { loadConfig, toHouseholdId } from '@foyer/core';
import { householdBucket, HouseholdObjectKeyring } from '@foyer/households';
import { BucketKey, ObjectKeyring, ObjectStorage } from '@foyer/storage';
import { KeyVault } from '../../../libs/households/src/keys/key-vault';
import { MasterKeyProvider } from '../../../libs/households/src/keys/master-key-provider';
import { EncryptingObjectStorage } from '../../../libs/storage/src/encryption/encrypting-object-storage';
import { foyer, targetEnvironment } from '../imports/cli-helpers';
import { MAGIC } from '../../../libs/storage/src/encryption/envelope';
import { createObjectStorage } from '../../../libs/storage/src/storage.module';
import { binaryParser, filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';
import { createTestApp, TestApp } from '../../harness/test-app';
import { eventually, superuserQuery } from './household-fixture';
import { createActiveHousehold, CreatedHousehold } from './provisioning-helpers';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('objects at rest: legacy plaintext, its migration, and tampering through the API', () => {
  let testApp: TestApp;
  let operator: TestUser;
  let owner: TestUser;
  let home: CreatedHousehold;
  /** The store itself, past the port. */
  let raw: ObjectStorage;

  beforeAll(async () => {
    testApp = await createTestApp();
    // The first account of a fresh instance is its administrator.
    operator = await createUser(testApp, { verified: true });
    owner = await createUser(testApp, { verified: true });
    home = await createActiveHousehold(testApp.server, owner, 'Encrypted home');
    raw = createObjectStorage(
      loadConfig({ S3_ENDPOINT: harness().s3Endpoint, S3_ACCESS_KEY, S3_SECRET_KEY }),
    );
  });
  afterAll(() => testApp?.close());

  const blobKeyOf = async (path: string) => {
    const [row] = await superuserQuery<{ blob_id: string }>(
      testApp.db,
      `SELECT blob_id FROM file_nodes WHERE household_id = $1 AND name = $2`,
      [home.id, path.slice(1)],
    );
    return `files/${row.blob_id}`;
  };
  const download = (path: string, range?: string) => {
    const call = request(testApp.server)
      .get(filesUrl(home.id, `/content${pathQuery(path)}`))
      .set(owner.auth)
      .buffer(true)
      .parse(binaryParser);
    return range ? call.set('Range', range) : call;
  };
  const status = () =>
    request(testApp.server).get('/api/v1/admin/storage/encryption').set(operator.auth);

  it('encrypts what is uploaded, with the plaintext’s size and SHA-256 reported', async () => {
    const data = randomBytes(200_000);
    const item = await uploadFile(testApp, owner, home.id, '/photo.raw', data);
    expect(item.size).toBe(data.length);
    const stored = await bytesOf(
      await raw.getObject(householdBucket(home.id), await blobKeyOf('/photo.raw')),
    );
    expect(stored.subarray(0, MAGIC.length).equals(MAGIC)).toBe(true);
    expect(stored.includes(data.subarray(0, 64))).toBe(false);
    expect((await download('/photo.raw').expect(200)).body.equals(data)).toBe(true);
    const ranged = await download('/photo.raw', 'bytes=100000-165999').expect(206);
    expect(ranged.body.equals(data.subarray(100_000, 166_000))).toBe(true);
  });

  it('reads objects stored before encryption until the job has migrated them, then refuses plaintext', async () => {
    const data = randomBytes(150_000);
    await uploadFile(testApp, owner, home.id, '/legacy.bin', data);
    const key = await blobKeyOf('/legacy.bin');
    const bucket = householdBucket(home.id);
    // As it was stored before this version: plaintext, in a household that accepts it.
    await raw.putObject(bucket, key, Readable.from([data]));
    await ownerQuery(testApp.db, 'UPDATE households SET plaintext_objects = true WHERE id = $1', [
      home.id,
    ]);
    // The keyring keeps a household's key briefly (30 s): forgotten, the flag is read at once.
    testApp.app.get(HouseholdObjectKeyring).forget(home.id);

    expect((await download('/legacy.bin').expect(200)).body.equals(data)).toBe(true);
    expect(
      (await download('/legacy.bin', 'bytes=10-20').expect(206)).body.equals(data.subarray(10, 21)),
    ).toBe(true);
    expect((await status().expect(200)).body).toMatchObject({
      householdsRemaining: 1,
      done: false,
    });
    await request(testApp.server)
      .get('/api/v1/admin/storage/encryption')
      .set(owner.auth)
      .expect(403);

    await request(testApp.server)
      .post('/api/v1/admin/storage/encryption')
      .set(operator.auth)
      .expect(202);
    await eventually(async () => (await status()).body.done === true, 'the encryption job');
    expect((await status()).body.objectsEncrypted).toBeGreaterThanOrEqual(1);

    const stored = await bytesOf(await raw.getObject(bucket, key));
    expect(stored.subarray(0, MAGIC.length).equals(MAGIC)).toBe(true);
    expect((await download('/legacy.bin').expect(200)).body.equals(data)).toBe(true);
    const [row] = await ownerQuery<{ plaintext_objects: boolean }>(
      testApp.db,
      'SELECT plaintext_objects FROM households WHERE id = $1',
      [home.id],
    );
    expect(row.plaintext_objects).toBe(false);
    // Plaintext put back now is tampering: refused, not served.
    await raw.putObject(bucket, key, Readable.from([data]));
    await download('/legacy.bin').expect(500);
  });

  it('fails a download of a tampered object with a clear error and an audit entry', async () => {
    const data = randomBytes(100_000);
    await uploadFile(testApp, owner, home.id, '/will-be-tampered.bin', data);
    const key = await blobKeyOf('/will-be-tampered.bin');
    const bucket = householdBucket(home.id);
    const stored = await bytesOf(await raw.getObject(bucket, key));
    stored[100] ^= 0x01;
    await raw.putObject(bucket, key, Readable.from([stored]));

    const response = await download('/will-be-tampered.bin').expect(500);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({
      code: 'STORAGE_INTEGRITY_FAILED',
    });
    expect(response.body.toString('utf8')).not.toContain(key);
    const audit = await superuserQuery<{ action: string; target: string }>(
      testApp.db,
      `SELECT action, target FROM audit_events WHERE household_id = $1 AND target = $2`,
      [home.id, key],
    );
    expect(audit).toEqual([{ action: 'storage.integrity_failed', target: key }]);
  });

  it('`foyer storage encrypt --status` tells how far it is; `foyer keys rotate-master` rewraps, objects untouched', async () => {
    const env = targetEnvironment(testApp);
    const status = await foyer(['storage', 'encrypt', '--status'], env);
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toMatch(/households encrypted, \d+ objects migrated; done/);

    const data = randomBytes(70_000);
    await uploadFile(testApp, owner, home.id, '/kept.bin', data);
    const key = await blobKeyOf('/kept.bin');
    const storedBefore = await bytesOf(await raw.getObject(householdBucket(home.id), key));
    const oldKey = env.FOYER_MASTER_KEY;
    const newKey = randomBytes(32).toString('base64');
    // Without the old key configured as previous, nothing can be rewrapped.
    const refused = await foyer(['keys', 'rotate-master'], { ...env, FOYER_MASTER_KEY: newKey });
    expect(refused.code).not.toBe(0);
    const rotated = await foyer(['keys', 'rotate-master'], {
      ...env,
      FOYER_MASTER_KEY: newKey,
      FOYER_PREVIOUS_MASTER_KEYS: oldKey,
    });
    expect(rotated).toMatchObject({ code: 0 });
    expect(rotated.stdout).toMatch(/[1-9]\d* data key\(s\) rewrapped, 0 already/);

    // The objects did not change; the new master key alone opens them.
    expect(
      (await bytesOf(await raw.getObject(householdBucket(home.id), key))).equals(storedBefore),
    ).toBe(true);
    const [row] = await ownerQuery<{ wrapped_data_key: string }>(
      testApp.db,
      'SELECT wrapped_data_key FROM households WHERE id = $1',
      [home.id],
    );
    const newVault = new KeyVault(new MasterKeyProvider(loadConfig({ FOYER_MASTER_KEY: newKey })));
    const dataKey = await newVault.unwrap(toHouseholdId(home.id), row.wrapped_data_key);
    const keyring = new (class extends ObjectKeyring {
      async keyFor(): Promise<BucketKey> {
        return { version: 1, key: dataKey, acceptsPlaintext: false };
      }
      async reportIntegrityFailure(): Promise<void> {}
    })();
    const reading = new EncryptingObjectStorage(raw, keyring);
    expect(
      (await bytesOf(await reading.getObject(householdBucket(home.id), key))).equals(data),
    ).toBe(true);
    await expect(
      new KeyVault(new MasterKeyProvider(loadConfig({ FOYER_MASTER_KEY: oldKey }))).unwrap(
        toHouseholdId(home.id),
        row.wrapped_data_key,
      ),
    ).rejects.toThrow(/another master key/);
  });
});
