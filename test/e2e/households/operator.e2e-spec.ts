import request from 'supertest';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { seedHousehold, SeededHousehold, superuserQuery } from './household-fixture';

describe('the operator API (instance administrators)', () => {
  let testApp: TestApp;
  let operator: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let smiths: SeededHousehold;
  let joneses: SeededHousehold;

  beforeAll(async () => {
    testApp = await createTestApp();
    // The first account of a fresh instance is its administrator.
    operator = await createUser(testApp, { verified: true });
    owner = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
    smiths = await seedHousehold(testApp.db, {
      owners: [owner],
      members: [member, operator],
      name: 'The Smiths',
    });
    joneses = await seedHousehold(testApp.db, { owners: [member], name: 'The Joneses' });
  });
  afterAll(() => testApp?.close());

  const admin = (user: TestUser) => ({
    list: () => request(testApp.server).get('/api/v1/admin/households').set(user.auth),
    suspend: (id: string, body: unknown) =>
      request(testApp.server)
        .post(`/api/v1/admin/households/${id}/suspend`)
        .set(user.auth)
        .send(body as object),
    unsuspend: (id: string) =>
      request(testApp.server).post(`/api/v1/admin/households/${id}/unsuspend`).set(user.auth),
  });

  const household = async (id: string) =>
    (
      await ownerQuery<Record<string, unknown>>(
        testApp.db,
        'SELECT status, suspended_reason, suspended_at FROM households WHERE id = $1',
        [id],
      )
    )[0];

  const audit = (id: string) =>
    superuserQuery<{ action: string; actor_user_id: string; details: Record<string, unknown> }>(
      testApp.db,
      'SELECT action, actor_user_id, details FROM audit_events WHERE household_id = $1 ORDER BY occurred_at',
      [id],
    );

  it('lists every household with its status, member count and usage', async () => {
    const response = await admin(operator).list().expect(200);
    const rows = response.body as Record<string, unknown>[];
    const smithsRow = rows.find((row) => row.id === smiths.id);
    expect(smithsRow).toEqual({
      id: smiths.id,
      slug: smiths.slug,
      name: 'The Smiths',
      status: 'active',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      members: 3,
      usageBytes: 0,
      suspendedReason: null,
      suspendedAt: null,
      purgeAfter: null,
    });
    expect(rows.find((row) => row.id === joneses.id)).toMatchObject({ members: 1 });
  });

  it('refuses everyone else with 403 NOT_INSTANCE_ADMIN, before looking at the body', async () => {
    for (const call of [
      admin(owner).list(),
      admin(owner).suspend(smiths.id, { reason: 'I can?' }),
      admin(owner).suspend(smiths.id, {}),
      admin(member).suspend('not-a-household', { reason: 'x'.repeat(600) }),
      admin(owner).unsuspend(smiths.id),
    ]) {
      const response = await call.expect(403);
      expect(response.body.code).toBe('NOT_INSTANCE_ADMIN');
    }
    expect(await household(smiths.id)).toMatchObject({ status: 'active' });
  });

  it('needs a session (401)', async () => {
    await request(testApp.server).get('/api/v1/admin/households').expect(401);
    await request(testApp.server)
      .post(`/api/v1/admin/households/${smiths.id}/suspend`)
      .send({ reason: 'x' })
      .expect(401);
  });

  it('suspends with a reason: read-only for the members, who still belong and can read, audited', async () => {
    const target = await seedHousehold(testApp.db, { owners: [owner], members: [member] });
    const response = await admin(operator)
      .suspend(target.id, { reason: '  Unpaid since March  ' })
      .expect(200);
    expect(response.body).toMatchObject({
      id: target.id,
      status: 'suspended',
      suspendedReason: 'Unpaid since March',
      members: 2,
    });
    expect(Date.parse(response.body.suspendedAt as string)).not.toBeNaN();
    expect(await household(target.id)).toMatchObject({
      status: 'suspended',
      suspended_reason: 'Unpaid since March',
      suspended_at: expect.any(Date),
    });
    expect(await audit(target.id)).toEqual([
      {
        action: 'household.suspended',
        actor_user_id: operator.id,
        details: { reason: 'Unpaid since March' },
      },
    ]);
    // Members still read it …
    const read = await request(testApp.server)
      .get(`/api/v1/households/${target.id}`)
      .set(member.auth)
      .expect(200);
    expect(read.body).toMatchObject({ id: target.id, status: 'suspended' });
    await request(testApp.server)
      .get(`/api/v1/households/${target.slug}/members`)
      .set(member.auth)
      .expect(200);
    // … and cannot change it: rename, invite, or even ask for its deletion.
    for (const write of [
      request(testApp.server)
        .patch(`/api/v1/households/${target.id}`)
        .set(owner.auth)
        .send({ name: 'Escaping the suspension' }),
      request(testApp.server)
        .post(`/api/v1/households/${target.id}/invites`)
        .set(owner.auth)
        .send({ email: 'friend@example.com', role: 'member' }),
      request(testApp.server)
        .delete(`/api/v1/households/${target.id}`)
        .set(owner.auth)
        .send({ password: owner.password }),
    ]) {
      const response = await write.expect(409);
      expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
    }
    expect(await household(target.id)).toMatchObject({ status: 'suspended' });
  });

  it('needs a reason of 1 to 500 characters (400 VALIDATION_FAILED, nothing changed)', async () => {
    const target = await seedHousehold(testApp.db, { owners: [owner] });
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(501) },
      { reason: 7 },
    ]) {
      const response = await admin(operator).suspend(target.id, body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.fields).toHaveProperty('reason');
    }
    expect(await household(target.id)).toMatchObject({ status: 'active', suspended_reason: null });
    expect(await audit(target.id)).toEqual([]);
    await admin(operator)
      .suspend(target.id, { reason: 'y'.repeat(500) })
      .expect(200);
  });

  it('suspends only an active household (409 HOUSEHOLD_NOT_ACTIVE)', async () => {
    for (const status of ['suspended', 'pending_deletion', 'provisioning', 'purging'] as const) {
      const target = await seedHousehold(testApp.db, { owners: [owner], status });
      const response = await admin(operator).suspend(target.id, { reason: 'again' }).expect(409);
      expect(response.body.code).toBe('HOUSEHOLD_NOT_ACTIVE');
      expect(await household(target.id)).toMatchObject({ status });
    }
  });

  it('answers 404 HOUSEHOLD_NOT_FOUND for an unknown household or a slug', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', smiths.slug, 'nope']) {
      expect((await admin(operator).suspend(id, { reason: 'r' }).expect(404)).body.code).toBe(
        'HOUSEHOLD_NOT_FOUND',
      );
      expect((await admin(operator).unsuspend(id).expect(404)).body.code).toBe(
        'HOUSEHOLD_NOT_FOUND',
      );
    }
  });

  it('unsuspends: active again, the reason cleared, audited; twice is 409 HOUSEHOLD_NOT_SUSPENDED', async () => {
    const target = await seedHousehold(testApp.db, { owners: [owner] });
    await admin(operator).suspend(target.id, { reason: 'Abuse report 1234' }).expect(200);
    const response = await admin(operator).unsuspend(target.id).expect(200);
    expect(response.body).toMatchObject({
      status: 'active',
      suspendedReason: null,
      suspendedAt: null,
    });
    expect(await household(target.id)).toEqual({
      status: 'active',
      suspended_reason: null,
      suspended_at: null,
    });
    expect((await audit(target.id)).map((event) => event.action)).toEqual([
      'household.suspended',
      'household.unsuspended',
    ]);
    const again = await admin(operator).unsuspend(target.id).expect(409);
    expect(again.body.code).toBe('HOUSEHOLD_NOT_SUSPENDED');
    // Active again: its owner can change it (here: ask for its deletion).
    await request(testApp.server)
      .delete(`/api/v1/households/${target.id}`)
      .set(owner.auth)
      .send({ password: owner.password })
      .expect(202);
    const pending = await admin(operator).unsuspend(target.id).expect(409);
    expect(pending.body.code).toBe('HOUSEHOLD_NOT_SUSPENDED');
  });
});
