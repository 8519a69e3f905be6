import request from 'supertest';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createActiveHousehold, CreatedHousehold, tenantQuery } from './provisioning-helpers';

/** The body without the request id, which differs between any two answers. */
function withoutRequestId(body: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

describe('the household API: GET and PATCH /api/v1/households[/:hid]', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let child: TestUser;
  let stranger: TestUser;
  let household: CreatedHousehold;

  const api = () => request(testApp.server);
  const patch = (user: Pick<TestUser, 'auth'>, hid: string, body: object) =>
    api().patch(`/api/v1/households/${hid}`).set(user.auth).send(body);

  beforeAll(async () => {
    testApp = await createTestApp();
    [owner, admin, member, child, stranger] = await Promise.all(
      Array.from({ length: 5 }, () => createUser(testApp, { verified: true })),
    );
    household = await createActiveHousehold(testApp.server, owner, 'The Ashfords');
    await ownerQuery(
      testApp.db,
      `INSERT INTO memberships (household_id, user_id, role)
       VALUES ($1, $2, 'admin'), ($1, $3, 'member'), ($1, $4, 'child')`,
      [household.id, admin.id, member.id, child.id],
    );
    // The stranger has a household of their own, so "not a member" is not "no households".
    await createActiveHousehold(testApp.server, stranger, 'Elsewhere');
  });
  afterAll(() => testApp?.close());

  describe('GET', () => {
    it('shows the household by id and by slug, with the caller’s role', async () => {
      const byId = await api()
        .get(`/api/v1/households/${household.id}`)
        .set(owner.auth)
        .expect(200);
      expect(byId.body).toEqual({
        id: household.id,
        slug: 'the-ashfords',
        name: 'The Ashfords',
        status: 'active',
        role: 'owner',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const bySlug = await api().get('/api/v1/households/the-ashfords').set(child.auth).expect(200);
      expect(bySlug.body).toEqual({ ...byId.body, role: 'child' });
      const upperCase = await api().get('/api/v1/households/The-Ashfords').set(admin.auth);
      expect(upperCase.body).toEqual({ ...byId.body, role: 'admin' });
    });

    it('answers a non-member exactly as for an unknown id or slug: 404 HOUSEHOLD_NOT_FOUND', async () => {
      const answers = await Promise.all(
        [household.id, 'the-ashfords', '00000000-0000-4000-8000-000000000000', 'no-such-slug'].map(
          (hid) => api().get(`/api/v1/households/${hid}`).set(stranger.auth),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(withoutRequestId(answer.body)).toEqual(withoutRequestId(answers[3].body));
      }
      expect(answers[0].body).toMatchObject({ statusCode: 404, code: 'HOUSEHOLD_NOT_FOUND' });
    });

    it('lists only the caller’s households', async () => {
      const listed = await api().get('/api/v1/households').set(member.auth).expect(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ id: household.id, role: 'member', status: 'active' }),
      ]);
      const none = await createUser(testApp, { verified: true });
      expect((await api().get('/api/v1/households').set(none.auth).expect(200)).body).toEqual([]);
    });

    it('needs a session (401)', async () => {
      await api().get('/api/v1/households').expect(401);
      const response = await api().get(`/api/v1/households/${household.id}`).expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('PATCH: rename', () => {
    it('lets an owner or an admin rename, trimmed, and audits it', async () => {
      const renamed = await patch(admin, household.id, { name: '  The Ashford Clan ' }).expect(200);
      expect(renamed.body).toMatchObject({
        id: household.id,
        name: 'The Ashford Clan',
        slug: 'the-ashfords',
        role: 'admin',
      });
      await patch(owner, 'the-ashfords', { name: 'The Ashfords' }).expect(200);
      const events = await tenantQuery<{ action: string; actor_user_id: string; details: object }>(
        testApp.db,
        household.id,
        `SELECT action, actor_user_id, details FROM audit_events
          WHERE action = 'household.renamed' ORDER BY occurred_at`,
      );
      expect(events).toEqual([
        {
          action: 'household.renamed',
          actor_user_id: admin.id,
          details: { from: 'The Ashfords', to: 'The Ashford Clan' },
        },
        {
          action: 'household.renamed',
          actor_user_id: owner.id,
          details: { from: 'The Ashford Clan', to: 'The Ashfords' },
        },
      ]);
    });

    it.each([
      ['member', () => member],
      ['child', () => child],
    ])('refuses a %s: 403 HOUSEHOLD_PERMISSION_DENIED', async (_role, who) => {
      const response = await patch(who(), household.id, { name: 'Mine Now' }).expect(403);
      expect(response.body).toMatchObject({ code: 'HOUSEHOLD_PERMISSION_DENIED' });
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['101 characters', 'x'.repeat(101)],
      ['a line break', 'Line\nBreak'],
    ])(
      'refuses a name %s with 400 INVALID_HOUSEHOLD_NAME, changing nothing',
      async (_what, name) => {
        const response = await patch(owner, household.id, { name }).expect(400);
        expect(response.body.code).toBe('INVALID_HOUSEHOLD_NAME');
        const [row] = await ownerQuery(testApp.db, 'SELECT name FROM households WHERE id = $1', [
          household.id,
        ]);
        expect(row.name).toBe('The Ashfords');
      },
    );

    it('answers an empty change with the household as it is', async () => {
      const response = await patch(member, household.id, {}).expect(200);
      expect(response.body).toMatchObject({ name: 'The Ashfords', role: 'member' });
    });

    it('refuses unknown fields and wrong types with 400 VALIDATION_FAILED', async () => {
      expect((await patch(owner, household.id, { status: 'active' }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect((await patch(owner, household.id, { name: 7 }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('PATCH: slug', () => {
    let own: CreatedHousehold;

    beforeAll(async () => {
      own = await createActiveHousehold(testApp.server, owner, 'Slug Playground');
      await ownerQuery(
        testApp.db,
        `INSERT INTO memberships (household_id, user_id, role) VALUES ($1, $2, 'admin')`,
        [own.id, admin.id],
      );
    });

    it('refuses an admin: 403 HOUSEHOLD_PERMISSION_DENIED (changing the address is an owner’s)', async () => {
      const response = await patch(admin, own.id, { slug: 'admins-choice' }).expect(403);
      expect(response.body).toMatchObject({ code: 'HOUSEHOLD_PERMISSION_DENIED' });
      // Even together with a rename, which an admin may do on its own: nothing changes.
      await patch(admin, own.id, { name: 'Renamed', slug: 'admins-choice' }).expect(403);
      const [row] = await ownerQuery(
        testApp.db,
        'SELECT name, slug FROM households WHERE id = $1',
        [own.id],
      );
      expect(row).toEqual({ name: 'Slug Playground', slug: 'slug-playground' });
    });

    it('lets the owner change it: the new slug resolves, the old one is gone, and it is audited', async () => {
      const changed = await patch(owner, own.id, { slug: ' Play-Ground-2 ' }).expect(200);
      expect(changed.body).toMatchObject({ id: own.id, slug: 'play-ground-2', role: 'owner' });
      await api().get('/api/v1/households/play-ground-2').set(owner.auth).expect(200);
      const old = await api().get('/api/v1/households/slug-playground').set(owner.auth).expect(404);
      expect(old.body.code).toBe('HOUSEHOLD_NOT_FOUND');
      const events = await tenantQuery(
        testApp.db,
        own.id,
        `SELECT actor_user_id, target, details FROM audit_events WHERE action = 'household.slug-changed'`,
      );
      expect(events).toEqual([
        {
          actor_user_id: owner.id,
          target: 'play-ground-2',
          details: { from: 'slug-playground', to: 'play-ground-2' },
        },
      ]);
    });

    it('accepts its own current slug as no change', async () => {
      await patch(owner, own.id, { slug: 'play-ground-2' }).expect(200);
      const [events] = await tenantQuery<{ n: number }>(
        testApp.db,
        own.id,
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'household.slug-changed'`,
      );
      expect(events.n).toBe(1);
    });

    it('refuses a slug another household has: 409 SLUG_TAKEN', async () => {
      const response = await patch(owner, own.id, { slug: 'the-ashfords' }).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'SLUG_TAKEN' });
      // Also one of a household the owner is not in.
      expect((await patch(owner, own.id, { slug: 'elsewhere' }).expect(409)).body.code).toBe(
        'SLUG_TAKEN',
      );
    });

    it.each([
      ['empty', ''],
      ['a leading hyphen', '-ground'],
      ['a trailing hyphen', 'ground-'],
      ['an underscore', 'play_ground'],
      ['a dot', 'play.ground'],
      ['a space inside', 'play ground'],
      ['non-ASCII', 'spielplätz'],
      ['49 characters', 'x'.repeat(49)],
      ['a reserved word', 'admin'],
      ['another reserved word', 'api'],
      ['the shape of a household id', '0b7e4c1a-3f52-4d1e-9a6b-2c8d9e0f1a2b'],
    ])('refuses %s with 400 INVALID_SLUG', async (_what, slug) => {
      const response = await patch(owner, own.id, { slug }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'INVALID_SLUG' });
    });

    it('gives a freed slug to the next household that asks', async () => {
      const next = await createActiveHousehold(testApp.server, owner, 'Slug Playground');
      expect(next.slug).toBe('slug-playground');
    });
  });

  describe('PATCH: refusals by state and membership', () => {
    it('answers a non-member 404 HOUSEHOLD_NOT_FOUND, whatever the body', async () => {
      for (const body of [{ name: 'Taken Over' }, { slug: 'taken-over' }, { slug: '!!' }]) {
        const response = await patch(stranger, household.id, body).expect(404);
        expect(response.body.code).toBe('HOUSEHOLD_NOT_FOUND');
      }
      await patch(owner, '00000000-0000-4000-8000-000000000000', { name: 'Ghost' }).expect(404);
      await patch(owner, 'no-such-household', { name: 'Ghost' }).expect(404);
    });

    it('refuses changes to a suspended or pending-deletion household: 409 HOUSEHOLD_READ_ONLY', async () => {
      const frozen = await createActiveHousehold(testApp.server, owner, 'Frozen');
      for (const status of ['suspended', 'pending_deletion']) {
        await ownerQuery(testApp.db, 'UPDATE households SET status = $2 WHERE id = $1', [
          frozen.id,
          status,
        ]);
        const rename = await patch(owner, frozen.id, { name: 'Thawed' }).expect(409);
        expect(rename.body.code).toBe('HOUSEHOLD_READ_ONLY');
        const reslug = await patch(owner, frozen.id, { slug: 'thawed' }).expect(409);
        expect(reslug.body.code).toBe('HOUSEHOLD_READ_ONLY');
        // Reading goes on.
        const shown = await api()
          .get(`/api/v1/households/${frozen.id}`)
          .set(owner.auth)
          .expect(200);
        expect(shown.body).toMatchObject({ name: 'Frozen', slug: 'frozen', status });
      }
    });

    it('needs a session (401)', async () => {
      await api().patch(`/api/v1/households/${household.id}`).send({ name: 'x' }).expect(401);
    });
  });
});
