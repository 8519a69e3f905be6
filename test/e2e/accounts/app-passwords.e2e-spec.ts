import { createHash } from 'node:crypto';
import request from 'supertest';
import { AppPasswordAuthenticator } from '@foyer/accounts';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';

describe('app passwords', () => {
  let testApp: TestApp;
  let authenticator: AppPasswordAuthenticator;

  beforeAll(async () => {
    testApp = await createTestApp();
    authenticator = testApp.app.get(AppPasswordAuthenticator, { strict: false });
  });
  afterAll(() => testApp?.close());

  const create = (user: TestUser, label: unknown) =>
    request(testApp.server).post('/api/v1/me/app-passwords').set(user.auth).send({ label });
  const list = (user: TestUser) =>
    request(testApp.server).get('/api/v1/me/app-passwords').set(user.auth);
  const revoke = (user: TestUser, id: string) =>
    request(testApp.server).delete(`/api/v1/me/app-passwords/${id}`).set(user.auth);

  it('creates one and shows the password once, stored only as a SHA-256', async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await create(user, '  Phone (DAVx5) ').expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      label: 'Phone (DAVx5)',
      password: expect.stringMatching(/^([0-9a-hjkmnp-tv-z]{4}-){7}[0-9a-hjkmnp-tv-z]{4}$/),
      createdAt: expect.any(String),
    });
    // 32 symbols of 5 bits: 160 random bits.
    expect(created.body.password.replace(/-/g, '')).toHaveLength(32);

    const [row] = await ownerQuery<{ secret_hash: string }>(
      testApp.db,
      'SELECT secret_hash FROM app_passwords WHERE id = $1',
      [created.body.id],
    );
    const canonical = created.body.password.replace(/-/g, '');
    expect(row.secret_hash).toBe(createHash('sha256').update(canonical).digest('hex'));

    const listed = await list(user).expect(200);
    expect(listed.body).toEqual([
      {
        id: created.body.id,
        label: 'Phone (DAVx5)',
        createdAt: created.body.createdAt,
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.password);
  });

  it('authenticates DAV clients with the email and the app password, and records the use', async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await create(user, 'Thunderbird').expect(201);
    const password: string = created.body.password;

    const authenticated = await authenticator.authenticate(user.email.toUpperCase(), password);
    expect(authenticated).toMatchObject({ id: user.id, email: user.email });
    // Typed without dashes, or in capitals, it is the same password.
    expect(
      await authenticator.authenticate(user.email, password.replace(/-/g, '').toUpperCase()),
    ).not.toBeNull();

    const listed = await list(user).expect(200);
    expect(listed.body[0].lastUsedAt).toEqual(expect.any(String));

    const neighbour = await createUser(testApp, { verified: true });
    expect(await authenticator.authenticate(neighbour.email, password)).toBeNull();
    expect(await authenticator.authenticate(user.email, user.password)).toBeNull();
    expect(await authenticator.authenticate(user.email, '')).toBeNull();
  });

  it("lists only the caller's active ones, oldest first", async () => {
    const user = await createUser(testApp, { verified: true });
    const neighbour = await createUser(testApp, { verified: true });
    const first = await create(user, 'Laptop').expect(201);
    const second = await create(user, 'Tablet').expect(201);
    await create(neighbour, 'Theirs').expect(201);
    await revoke(user, first.body.id).expect(204);

    const listed = await list(user).expect(200);
    expect(listed.body.map((entry: { id: string }) => entry.id)).toEqual([second.body.id]);
  });

  it('revokes one: it stops authenticating, and a second revocation is 404', async () => {
    const user = await createUser(testApp, { verified: true });
    const kept = await create(user, 'Kept').expect(201);
    const dropped = await create(user, 'Dropped').expect(201);

    await revoke(user, dropped.body.id).expect(204);
    expect(await authenticator.authenticate(user.email, dropped.body.password)).toBeNull();
    expect(await authenticator.authenticate(user.email, kept.body.password)).not.toBeNull();

    const again = await revoke(user, dropped.body.id).expect(404);
    expect(again.body).toMatchObject({ statusCode: 404, code: 'APP_PASSWORD_NOT_FOUND' });
  });

  it("answers 404 APP_PASSWORD_NOT_FOUND for another user's id, and leaves it working", async () => {
    const owner = await createUser(testApp, { verified: true });
    const intruder = await createUser(testApp, { verified: true });
    const created = await create(owner, 'Owner phone').expect(201);

    const response = await revoke(intruder, created.body.id).expect(404);
    expect(response.body.code).toBe('APP_PASSWORD_NOT_FOUND');
    expect(await authenticator.authenticate(owner.email, created.body.password)).not.toBeNull();
    expect((await list(owner).expect(200)).body).toHaveLength(1);
  });

  it.each([['not-a-uuid'], ['00000000-0000-4000-8000-000000000000']])(
    'answers 404 for the unknown id %p',
    async (id) => {
      const user = await createUser(testApp, { verified: true });
      const response = await revoke(user, id).expect(404);
      expect(response.body.code).toBe('APP_PASSWORD_NOT_FOUND');
    },
  );

  it.each([[''], ['   '], [undefined], ['x'.repeat(101)]])(
    'refuses the label %p with 400 VALIDATION_FAILED',
    async (label) => {
      const user = await createUser(testApp, { verified: true });
      const response = await create(user, label).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.fields).toHaveProperty('label');
    },
  );

  it('needs a session for every route', async () => {
    await request(testApp.server).post('/api/v1/me/app-passwords').send({ label: 'x' }).expect(401);
    await request(testApp.server).get('/api/v1/me/app-passwords').expect(401);
    await request(testApp.server)
      .delete('/api/v1/me/app-passwords/00000000-0000-4000-8000-000000000000')
      .expect(401);
  });

  it("ends with the account's password change (whoever knew the old one may have made it)", async () => {
    const user = await createUser(testApp, { verified: true });
    const created = await create(user, 'Calendar').expect(201);
    await request(testApp.server)
      .post('/api/v1/me/password')
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: 'changed-my-password-7' })
      .expect(204);
    expect(await authenticator.authenticate(user.email, created.body.password)).toBeNull();
  });
});
