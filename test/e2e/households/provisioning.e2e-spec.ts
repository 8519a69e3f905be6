import { Client as MinioClient } from 'minio';
import request from 'supertest';
import { JobQueue } from '@foyer/jobs';
import { HouseholdProvisioningRepository } from '../../../libs/households/src/repositories/household-provisioning.repository';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  createActiveHousehold,
  postHousehold,
  tenantQuery,
  unwrapDataKey,
  waitUntilActive,
} from './provisioning-helpers';

function s3(): MinioClient {
  const endpoint = new URL(harness().s3Endpoint);
  return new MinioClient({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: false,
    accessKey: S3_ACCESS_KEY,
    secretKey: S3_SECRET_KEY,
    pathStyle: true,
  });
}

describe('POST /api/v1/households: provisioning', () => {
  let testApp: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true });
  });
  afterAll(() => testApp?.close());

  const post = (user: Pick<TestUser, 'auth'>, body: unknown) =>
    request(testApp.server)
      .post('/api/v1/households')
      .set(user.auth)
      .send(body as object);

  it('answers 202 {id, slug, status: provisioning}, then the household becomes active', async () => {
    const response = await post(owner, { name: 'The Provisioned Family' }).expect(202);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      slug: 'the-provisioned-family',
      status: 'provisioning',
    });
    const active = await waitUntilActive(testApp.server, owner, response.body.id);
    expect(active).toEqual({
      id: response.body.id,
      slug: 'the-provisioned-family',
      name: 'The Provisioned Family',
      status: 'active',
      role: 'owner',
      createdAt: expect.any(String),
    });
  });

  describe('once active', () => {
    let household: { id: string; slug: string };

    beforeAll(async () => {
      household = await createActiveHousehold(testApp.server, owner, 'Fully Provisioned');
    });

    it('has its bucket foyer-hh-<id> in S3', async () => {
      expect(await s3().bucketExists(`foyer-hh-${household.id}`)).toBe(true);
    });

    it('has one data key, wrapped by the master key, that unwraps to 32 bytes', async () => {
      const [row] = await ownerQuery<{ wrapped_data_key: string | null }>(
        testApp.db,
        'SELECT wrapped_data_key FROM households WHERE id = $1',
        [household.id],
      );
      expect(row.wrapped_data_key).toEqual(expect.any(String));
      const dataKey = unwrapDataKey(testApp.config.masterKey!, household.id, row.wrapped_data_key!);
      expect(dataKey).toHaveLength(32);
      // Bound to its household: the same wrapping does not open for another id.
      expect(() =>
        unwrapDataKey(
          testApp.config.masterKey!,
          '00000000-0000-4000-8000-000000000000',
          row.wrapped_data_key!,
        ),
      ).toThrow();
    });

    it('has the folders Documents, Photos and Shared at its root, once each', async () => {
      const rows = await tenantQuery<{ name: string; kind: string; parent_id: string | null }>(
        testApp.db,
        household.id,
        'SELECT name, kind, parent_id FROM file_nodes ORDER BY name',
      );
      expect(rows).toEqual([
        { name: 'Documents', kind: 'folder', parent_id: null },
        { name: 'Photos', kind: 'folder', parent_id: null },
        { name: 'Shared', kind: 'folder', parent_id: null },
      ]);
    });

    it('has the owner membership and the audit events of its creation and activation', async () => {
      const members = await ownerQuery(
        testApp.db,
        'SELECT user_id, role FROM memberships WHERE household_id = $1',
        [household.id],
      );
      expect(members).toEqual([{ user_id: owner.id, role: 'owner' }]);
      const events = await tenantQuery<{ action: string; actor_user_id: string | null }>(
        testApp.db,
        household.id,
        'SELECT action, actor_user_id, details FROM audit_events ORDER BY occurred_at, action',
      );
      expect(events).toEqual([
        {
          action: 'household.created',
          actor_user_id: owner.id,
          details: { name: 'Fully Provisioned', slug: 'fully-provisioned' },
        },
        { action: 'household.activated', actor_user_id: null, details: {} },
      ]);
    });
  });

  it('refuses a user whose email is not verified: 403 EMAIL_NOT_VERIFIED, nothing created', async () => {
    const unverified = await createUser(testApp);
    const response = await post(unverified, { name: 'Not Yet' }).expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'EMAIL_NOT_VERIFIED' });
    const rows = await ownerQuery(testApp.db, 'SELECT 1 FROM households WHERE created_by = $1', [
      unverified.id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('needs a session (401)', async () => {
    const response = await request(testApp.server)
      .post('/api/v1/households')
      .send({ name: 'Anonymous' })
      .expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  describe('bad names', () => {
    let user: TestUser;

    beforeAll(async () => {
      user = await createUser(testApp, { verified: true });
    });

    it.each([
      ['empty', ''],
      ['blank', '   \t  '],
      ['101 characters', 'x'.repeat(101)],
      ['a newline', 'Two\nLines'],
      ['a tab inside', 'Tab\tInside'],
      ['an escape sequence', 'Colour \u001b[31mred'],
    ])('refuses %s with 400 INVALID_HOUSEHOLD_NAME', async (_what, name) => {
      const response = await post(user, { name }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'INVALID_HOUSEHOLD_NAME' });
    });

    it('refuses a NUL character with 400 NUL_CHARACTER (as all text)', async () => {
      const response = await post(user, { name: 'Nul\u0000Name' }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'NUL_CHARACTER' });
    });

    it.each([
      ['no name', {}],
      ['a number', { name: 42 }],
      ['null', { name: null }],
      ['an unknown field', { name: 'Fine', slug: 'chosen' }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_what, body) => {
      const response = await post(user, body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it('accepts exactly 100 characters (emoji count as one), trimmed', async () => {
      const name = `${'🏡'.repeat(50)}${'x'.repeat(50)}`;
      const response = await post(user, { name: `  ${name}  ` }).expect(202);
      const shown = await request(testApp.server)
        .get(`/api/v1/households/${response.body.id}`)
        .set(user.auth)
        .expect(200);
      expect(shown.body.name).toBe(name);
    });

    it('left nothing behind for the refused ones', async () => {
      const rows = await ownerQuery<{ name: string }>(
        testApp.db,
        'SELECT name FROM households WHERE created_by = $1',
        [user.id],
      );
      expect(rows).toHaveLength(1);
    });
  });

  describe('slugs', () => {
    let user: TestUser;

    beforeAll(async () => {
      user = await createUser(testApp, { verified: true });
    });

    it.each([
      ['  Hélène & Noël  ', 'helene-noel'],
      ['Familie Größe', 'familie-grosse'],
      ['ÆSIR  Ødegård', 'aesir-odegard'],
      ['Bob\u2019s  Place!!', 'bob-s-place'],
    ])('derives %j → %j', async (name, slug) => {
      expect((await postHousehold(testApp.server, user, name)).slug).toBe(slug);
    });

    it('gives two households with the same name different slugs: base, then -2, -3', async () => {
      const first = await postHousehold(testApp.server, user, 'The Twins');
      const second = await postHousehold(testApp.server, user, 'The Twins');
      const third = await postHousehold(testApp.server, user, 'the twins!');
      expect([first.slug, second.slug, third.slug]).toEqual([
        'the-twins',
        'the-twins-2',
        'the-twins-3',
      ]);
    });

    it('never hands out one slug twice when households with one name are created at once', async () => {
      const created = await Promise.all(
        Array.from({ length: 6 }, () => postHousehold(testApp.server, user, 'Rush Hour')),
      );
      const slugs = created.map((household) => household.slug).sort();
      expect(slugs).toEqual([
        'rush-hour',
        'rush-hour-2',
        'rush-hour-3',
        'rush-hour-4',
        'rush-hour-5',
        'rush-hour-6',
      ]);
      for (const household of created) await waitUntilActive(testApp.server, user, household.id);
    });

    it('lets the unique constraint decide when the free-slug check was overtaken', async () => {
      const first = await postHousehold(testApp.server, user, 'Photo Finish');
      // A stale answer, as when another creation commits between the check and the insert.
      const repository = testApp.app.get(HouseholdProvisioningRepository);
      const check = jest.spyOn(repository, 'takenSlugs').mockResolvedValueOnce(new Set());
      try {
        const second = await postHousehold(testApp.server, user, 'Photo Finish');
        expect([first.slug, second.slug]).toEqual(['photo-finish', 'photo-finish-2']);
        // The insert of `photo-finish` failed on the constraint; the retry looked again.
        expect(check).toHaveBeenCalledTimes(2);
      } finally {
        check.mockRestore();
      }
      const rows = await ownerQuery(
        testApp.db,
        `SELECT slug FROM households WHERE name = 'Photo Finish' ORDER BY slug`,
      );
      expect(rows).toEqual([{ slug: 'photo-finish' }, { slug: 'photo-finish-2' }]);
    });

    it('never uses a reserved word, and falls back to `household` for non-Latin names', async () => {
      expect((await postHousehold(testApp.server, user, 'Admin')).slug).toBe('admin-2');
      expect((await postHousehold(testApp.server, user, 'API')).slug).toBe('api-2');
      expect((await postHousehold(testApp.server, user, 'www')).slug).toBe('www-2');
      const first = await postHousehold(testApp.server, user, '山田家');
      const second = await postHousehold(testApp.server, user, 'Семья');
      expect([first.slug, second.slug]).toEqual(['household', 'household-2']);
    });

    it('shortens long names to 48 characters, suffix included', async () => {
      const name = 'A very long household name that goes on and on and on';
      const first = await postHousehold(testApp.server, user, name);
      const second = await postHousehold(testApp.server, user, name);
      expect(first.slug).toBe('a-very-long-household-name-that-goes-on-and-on-a');
      expect(first.slug).toHaveLength(48);
      expect(second.slug).toBe('a-very-long-household-name-that-goes-on-and-on-2');
    });
  });

  it('undoes the creation and answers 503 PROVISIONING_UNAVAILABLE when the job cannot be queued', async () => {
    const user = await createUser(testApp, { verified: true });
    const queue = testApp.app.get(JobQueue);
    const enqueue = jest
      .spyOn(queue, 'enqueue')
      .mockRejectedValueOnce(new Error('the queue is down'));
    try {
      const response = await post(user, { name: 'Queue Down' }).expect(503);
      expect(response.body).toMatchObject({ code: 'PROVISIONING_UNAVAILABLE' });
    } finally {
      enqueue.mockRestore();
    }
    const rows = await ownerQuery(testApp.db, 'SELECT 1 FROM households WHERE created_by = $1', [
      user.id,
    ]);
    expect(rows).toHaveLength(0);
    const listed = await request(testApp.server).get('/api/v1/households').set(user.auth);
    expect(listed.body).toEqual([]);
    // The slug was not kept either.
    expect((await postHousehold(testApp.server, user, 'Queue Down')).slug).toBe('queue-down');
  });
});

describe('GET /api/v1/me: memberships', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  it('lists every household of the user with the role in each', async () => {
    const grandma = await createUser(testApp, { verified: true, displayName: 'Grandma' });
    const daughter = await createUser(testApp, { verified: true });
    const son = await createUser(testApp, { verified: true });
    const own = await createActiveHousehold(testApp.server, grandma, 'Grandma Home');
    const daughters = await createActiveHousehold(testApp.server, daughter, 'Daughter Family');
    const sons = await createActiveHousehold(testApp.server, son, 'Son Family');
    await ownerQuery(
      testApp.db,
      `INSERT INTO memberships (household_id, user_id, role) VALUES ($1, $3, 'admin'), ($2, $3, 'member')`,
      [daughters.id, sons.id, grandma.id],
    );

    const me = await request(testApp.server).get('/api/v1/me').set(grandma.auth).expect(200);
    expect(me.body.memberships).toEqual([
      {
        householdId: daughters.id,
        slug: 'daughter-family',
        name: 'Daughter Family',
        role: 'admin',
      },
      { householdId: own.id, slug: 'grandma-home', name: 'Grandma Home', role: 'owner' },
      { householdId: sons.id, slug: 'son-family', name: 'Son Family', role: 'member' },
    ]);

    const listed = await request(testApp.server)
      .get('/api/v1/households')
      .set(grandma.auth)
      .expect(200);
    expect(listed.body.map((h: { slug: string; role: string }) => [h.slug, h.role])).toEqual([
      ['daughter-family', 'admin'],
      ['grandma-home', 'owner'],
      ['son-family', 'member'],
    ]);

    const other = await request(testApp.server).get('/api/v1/me').set(son.auth).expect(200);
    expect(other.body.memberships).toEqual([
      { householdId: sons.id, slug: 'son-family', name: 'Son Family', role: 'owner' },
    ]);
  });

  it('shows a household still provisioning too', async () => {
    const user = await createUser(testApp, { verified: true });
    const queue = testApp.app.get(JobQueue);
    // Not queued: the household stays in `provisioning`.
    const enqueue = jest.spyOn(queue, 'enqueue').mockResolvedValueOnce(undefined);
    const created = await postHousehold(testApp.server, user, 'Still Building').finally(() =>
      enqueue.mockRestore(),
    );
    const me = await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(me.body.memberships).toEqual([
      { householdId: created.id, slug: 'still-building', name: 'Still Building', role: 'owner' },
    ]);
    const listed = await request(testApp.server).get('/api/v1/households').set(user.auth);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: created.id, status: 'provisioning', role: 'owner' }),
    ]);
  });
});
