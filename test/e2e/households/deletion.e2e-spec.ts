import request from 'supertest';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { mailFor, waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  HouseholdStatusName,
  seedHousehold,
  SeededHousehold,
  superuserQuery,
} from './household-fixture';

const DELETION_MAIL = /will be deleted/;

describe('deleting a household (DELETE /api/v1/households/:hid, cancel)', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let coOwner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true });
    coOwner = await createUser(testApp, { verified: true });
    admin = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
    outsider = await createUser(testApp, { verified: true });
  });
  afterAll(() => testApp?.close());

  const seed = (status: HouseholdStatusName = 'active') =>
    seedHousehold(testApp.db, {
      owners: [owner, coOwner],
      admins: [admin],
      members: [member],
      status,
    });

  const statusOf = async (household: SeededHousehold) =>
    (
      await ownerQuery<{ status: string }>(
        testApp.db,
        'SELECT status FROM households WHERE id = $1',
        [household.id],
      )
    )[0]?.status;

  const auditActions = async (household: SeededHousehold) =>
    (
      await superuserQuery<{ action: string }>(
        testApp.db,
        'SELECT action FROM audit_events WHERE household_id = $1 ORDER BY occurred_at, action',
        [household.id],
      )
    ).map((row) => row.action);

  const remove = (household: SeededHousehold | string, user: TestUser, password?: string) =>
    request(testApp.server)
      .delete(`/api/v1/households/${typeof household === 'string' ? household : household.id}`)
      .set(user.auth)
      .send(password === undefined ? {} : { password });

  const cancel = (household: SeededHousehold | string, user: TestUser) =>
    request(testApp.server)
      .post(
        `/api/v1/households/${typeof household === 'string' ? household : household.id}/deletion/cancel`,
      )
      .set(user.auth);

  it('puts the household in pending_deletion for the grace period, audits it and mails every owner', async () => {
    const household = await seed();
    const before = Date.now();
    const response = await remove(household.slug, owner, owner.password).expect(202);
    expect(Object.keys(response.body as object).sort()).toEqual(['notice', 'purgeAfter', 'status']);
    // Crypto-shredding, said to people: the key goes first, copies become unreadable.
    expect(response.body.notice).toMatch(/encryption key is destroyed.*backups/s);
    expect(response.body.status).toBe('pending_deletion');
    const purgeAfter = new Date(response.body.purgeAfter as string).getTime();
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    expect(purgeAfter).toBeGreaterThanOrEqual(before + thirtyDays - 60_000);

    const [row] = await ownerQuery<{
      status: string;
      grace: string;
      purge_after: Date;
    }>(
      testApp.db,
      `SELECT status, (purge_after - deletion_requested_at)::text AS grace, purge_after
         FROM households WHERE id = $1`,
      [household.id],
    );
    expect(row.status).toBe('pending_deletion');
    expect(row.grace).toBe('30 days');
    expect(row.purge_after.getTime()).toBe(purgeAfter);
    expect(await auditActions(household)).toEqual(['household.deletion-requested']);

    // Its members see the date too, on the household and in their list, until it is cancelled.
    const shown = await request(testApp.server)
      .get(`/api/v1/households/${household.id}`)
      .set(coOwner.auth)
      .expect(200);
    expect(shown.body).toMatchObject({
      status: 'pending_deletion',
      purgeAfter: response.body.purgeAfter,
    });
    const listed = await request(testApp.server)
      .get('/api/v1/households')
      .set(owner.auth)
      .expect(200);
    expect(
      (listed.body as { id: string; purgeAfter?: string }[]).find((h) => h.id === household.id),
    ).toMatchObject({ purgeAfter: response.body.purgeAfter });

    for (const each of [owner, coOwner]) {
      const mail = await waitForMail(each.email, { subject: DELETION_MAIL });
      expect(mail.subject).toContain(household.name);
      expect(mail.text).toContain(owner.displayName);
      expect(mail.text).toMatch(/encryption key will be destroyed.*backups/s);
      expect(mail.links.some((link) => link.endsWith(`/h/${household.slug}`))).toBe(true);
    }
    // One job mails the owners one after another: once both have theirs, nobody else got one.
    for (const each of [admin, member]) {
      expect(
        (await mailFor(each.email)).filter((mail) => DELETION_MAIL.test(mail.subject)),
      ).toEqual([]);
    }
  });

  it('keeps a pending household readable to its members and refuses changes with 409 HOUSEHOLD_READ_ONLY', async () => {
    const household = await seed();
    await remove(household, owner, owner.password).expect(202);
    // Reads go on, for every member …
    const read = await request(testApp.server)
      .get(`/api/v1/households/${household.slug}`)
      .set(member.auth)
      .expect(200);
    expect(read.body).toMatchObject({ id: household.id, status: 'pending_deletion' });
    await request(testApp.server)
      .get(`/api/v1/households/${household.id}/audit`)
      .set(owner.auth)
      .expect(200);
    // … changes do not: renaming, inviting, asking for deletion again.
    const writes = [
      request(testApp.server)
        .patch(`/api/v1/households/${household.id}`)
        .set(owner.auth)
        .send({ name: 'Renamed while pending' }),
      request(testApp.server)
        .post(`/api/v1/households/${household.id}/invites`)
        .set(admin.auth)
        .send({ email: 'late-guest@example.com', role: 'member' }),
      remove(household, coOwner, coOwner.password),
    ];
    for (const write of writes) {
      const response = await write.expect(409);
      expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
    }
    const [row] = await ownerQuery<{ name: string }>(
      testApp.db,
      'SELECT name FROM households WHERE id = $1',
      [household.id],
    );
    expect(row.name).toBe(household.name);
    expect(await auditActions(household)).toEqual(['household.deletion-requested']);
  });

  it('refuses a wrong password with 403 PASSWORD_INCORRECT and changes nothing', async () => {
    const household = await seed();
    const response = await remove(household, owner, `${owner.password}-not`).expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'PASSWORD_INCORRECT' });
    expect(await statusOf(household)).toBe('active');
    expect(await auditActions(household)).toEqual([]);
  });

  it("does not take another account's password", async () => {
    const household = await seed();
    const response = await remove(household, owner, coOwner.password).expect(403);
    expect(response.body.code).toBe('PASSWORD_INCORRECT');
    expect(await statusOf(household)).toBe('active');
  });

  it('refuses a missing or empty password with 400 VALIDATION_FAILED', async () => {
    const household = await seed();
    for (const body of [{}, { password: '' }, { password: 42 }]) {
      const response = await request(testApp.server)
        .delete(`/api/v1/households/${household.id}`)
        .set(owner.auth)
        .send(body)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await statusOf(household)).toBe('active');
  });

  it('lets only owners delete: an admin or a member gets 403 HOUSEHOLD_PERMISSION_DENIED, even with the right password', async () => {
    const household = await seed();
    for (const user of [admin, member]) {
      const response = await remove(household, user, user.password).expect(403);
      expect(response.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    }
    expect(await statusOf(household)).toBe('active');
  });

  it('answers 404 HOUSEHOLD_NOT_FOUND to a non-member and for an unknown household', async () => {
    const household = await seed();
    const foreign = await remove(household, outsider, outsider.password).expect(404);
    expect(foreign.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain(household.name);
    const unknown = await remove(
      '00000000-0000-4000-8000-000000000000',
      owner,
      owner.password,
    ).expect(404);
    expect(unknown.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    expect(await statusOf(household)).toBe('active');
  });

  it('refuses to delete a suspended household (409 HOUSEHOLD_READ_ONLY) or one still provisioning (409 HOUSEHOLD_NOT_READY)', async () => {
    const suspended = await seed('suspended');
    const refused = await remove(suspended, owner, owner.password).expect(409);
    expect(refused.body.code).toBe('HOUSEHOLD_READ_ONLY');
    expect(await statusOf(suspended)).toBe('suspended');
    const provisioning = await seed('provisioning');
    const early = await remove(provisioning, owner, owner.password).expect(409);
    expect(early.body.code).toBe('HOUSEHOLD_NOT_READY');
    expect(await statusOf(provisioning)).toBe('provisioning');
  });

  it('lets any owner cancel: back to active, the schedule cleared, audited', async () => {
    const household = await seed();
    await remove(household, owner, owner.password).expect(202);
    const response = await cancel(household.slug, coOwner).expect(200);
    expect(response.body).toEqual({ status: 'active' });
    const [row] = await ownerQuery<Record<string, unknown>>(
      testApp.db,
      'SELECT status, deletion_requested_at, purge_after FROM households WHERE id = $1',
      [household.id],
    );
    expect(row).toEqual({ status: 'active', deletion_requested_at: null, purge_after: null });
    const shown = await request(testApp.server)
      .get(`/api/v1/households/${household.id}`)
      .set(owner.auth)
      .expect(200);
    expect(shown.body).not.toHaveProperty('purgeAfter');
    expect(await auditActions(household)).toEqual([
      'household.deletion-requested',
      'household.deletion-cancelled',
    ]);
    // Active again: it can be deleted again.
    await remove(household, owner, owner.password).expect(202);
  });

  it('answers 409 HOUSEHOLD_NOT_PENDING_DELETION to a cancel with nothing to cancel', async () => {
    for (const status of ['active', 'suspended', 'purging'] as const) {
      const household = await seed(status);
      const response = await cancel(household, owner).expect(409);
      expect(response.body.code).toBe('HOUSEHOLD_NOT_PENDING_DELETION');
      expect(await statusOf(household)).toBe(status);
    }
  });

  it('lets only owners cancel (403 for an admin, 404 for a non-member)', async () => {
    const household = await seed();
    await remove(household, owner, owner.password).expect(202);
    expect((await cancel(household, admin).expect(403)).body.code).toBe(
      'HOUSEHOLD_PERMISSION_DENIED',
    );
    expect((await cancel(household, outsider).expect(404)).body.code).toBe('HOUSEHOLD_NOT_FOUND');
    expect(await statusOf(household)).toBe('pending_deletion');
  });

  it('needs a session (401)', async () => {
    const household = await seed();
    await request(testApp.server)
      .delete(`/api/v1/households/${household.id}`)
      .send({ password: owner.password })
      .expect(401);
    await request(testApp.server)
      .post(`/api/v1/households/${household.id}/deletion/cancel`)
      .expect(401);
  });
});
