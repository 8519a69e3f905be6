import request from 'supertest';
import { addMember, createHousehold, TestHousehold } from '../../factories/household.factory';
import { householdQuery } from './membership-helpers';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';

interface EventBody {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

describe('GET /api/v1/households/:hid/audit', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let child: TestUser;
  /** The member whose role the setup changes five times (a child at first, an admin at last). */
  let kid: TestUser;
  let outsider: TestUser;
  let home: TestHousehold;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true });
    admin = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
    child = await createUser(testApp, { verified: true });
    kid = await createUser(testApp, { verified: true });
    outsider = await createUser(testApp, { verified: true });
    home = await createHousehold(testApp, owner);
    await addMember(testApp, home, admin, 'admin');
    await addMember(testApp, home, member, 'member');
    await addMember(testApp, home, child, 'child');
    await addMember(testApp, home, kid, 'child');
    // Five real changes, through the API, in this order.
    for (const role of ['admin', 'member', 'child', 'member', 'admin']) {
      await request(testApp.server)
        .patch(`/api/v1/households/${home.id}/members/${kid.id}`)
        .set(owner.auth)
        .send({ role })
        .expect(200);
    }
  });
  afterAll(() => testApp?.close());

  const audit = (by: TestUser, query: Record<string, string | number> = {}, hid = home.id) =>
    request(testApp.server).get(`/api/v1/households/${hid}/audit`).query(query).set(by.auth);

  it('lists events newest first, explicitly mapped: who, what, when, from where', async () => {
    const response = await audit(owner).expect(200);
    const events = response.body as EventBody[];
    expect(events.map((event) => event.details)).toEqual([
      { from: 'member', to: 'admin' },
      { from: 'child', to: 'member' },
      { from: 'member', to: 'child' },
      { from: 'admin', to: 'member' },
      { from: 'child', to: 'admin' },
    ]);
    expect(events[0]).toEqual({
      id: expect.any(String),
      occurredAt: expect.any(String),
      actorUserId: owner.id,
      action: 'member.role-changed',
      target: kid.id,
      details: { from: 'member', to: 'admin' },
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    const times = events.map((event) => new Date(event.occurredAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('pages exactly with limit and before=<last event id>, even when timestamps tie', async () => {
    // Make every event share one timestamp: only the id can order them now.
    const tied = await householdQuery(
      testApp,
      home.id,
      `UPDATE audit_events SET occurred_at = '2030-01-01T00:00:00Z' RETURNING id`,
    );
    expect(tied).toHaveLength(5);
    const all = (await audit(owner).expect(200)).body as EventBody[];
    expect(all).toHaveLength(5);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = (await audit(owner, { limit: 2, ...(before ? { before } : {}) }).expect(200))
        .body as EventBody[];
      expect(page.length).toBeLessThanOrEqual(2);
      if (page.length === 0) break;
      seen.push(...page.map((event) => event.id));
      before = page[page.length - 1].id;
    }
    expect(seen).toEqual(all.map((event) => event.id));
  });

  it('filters by a timestamp too', async () => {
    const past = (await audit(owner, { before: '2000-01-01T00:00:00Z' }).expect(200))
      .body as EventBody[];
    expect(past).toEqual([]);
    const future = (await audit(owner, { before: '2100-01-01T00:00:00.000Z' }).expect(200))
      .body as EventBody[];
    expect(future).toHaveLength(5);
  });

  it('answers an unknown event id with no events', async () => {
    const response = await audit(owner, { before: '00000000-0000-4000-8000-000000000000' }).expect(
      200,
    );
    expect(response.body).toEqual([]);
  });

  it('defaults to 50 events and allows at most 200', async () => {
    const busy = await createHousehold(testApp, owner);
    await householdQuery(
      testApp,
      busy.id,
      `INSERT INTO audit_events (household_id, action, occurred_at)
       SELECT $1, 'test.filler', now() - make_interval(secs => n) FROM generate_series(1, 230) n`,
      [busy.id],
    );
    expect((await audit(owner, {}, busy.id).expect(200)).body).toHaveLength(50);
    expect((await audit(owner, { limit: 200 }, busy.id).expect(200)).body).toHaveLength(200);
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 201 }],
    [{ limit: 'ten' }],
    [{ limit: 1.5 }],
    [{ before: 'yesterday' }],
    [{ before: '2024-13-45' }],
    [{ unknown: 'x' }],
  ])('refuses the query %p with 400 VALIDATION_FAILED', async (query) => {
    const response = await audit(owner, query as Record<string, string | number>).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('is for owners and admins: 403 for members and children, 404 for outsiders, 401 without session', async () => {
    await audit(admin).expect(200);
    expect((await audit(member).expect(403)).body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    expect((await audit(child).expect(403)).body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    expect((await audit(outsider).expect(404)).body.code).toBe('HOUSEHOLD_NOT_FOUND');
    await request(testApp.server).get(`/api/v1/households/${home.id}/audit`).expect(401);
  });

  it("never shows another household's events", async () => {
    const theirs = await createHousehold(testApp, outsider);
    await request(testApp.server)
      .post(`/api/v1/households/${theirs.id}/invites`)
      .set(outsider.auth)
      .send({ email: 'someone@example.com', role: 'member' })
      .expect(201);
    const mine = (await audit(owner).expect(200)).body as EventBody[];
    expect(mine.map((event) => event.action)).not.toContain('invite.created');
    const theirEvents = (await audit(outsider, {}, theirs.id).expect(200)).body as EventBody[];
    expect(theirEvents.map((event) => event.action)).toEqual(['invite.created']);
  });
});
