import { createHash } from 'node:crypto';
import request, { Response } from 'supertest';
import { MigrationTokenAuthenticator } from '@foyer/households';
import { addMember, createHousehold, TestHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createActiveHousehold, tenantQuery } from './provisioning-helpers';

interface CreatedToken {
  id: string;
  token: string;
  expiresAt: string;
  command: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function expectRefusal(response: Response, status: number, code: string): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: { statusCode: status, code, message: expect.any(String), requestId: expect.any(String) },
  });
}

describe('live migration, source side: migration tokens and the moved mark', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let child: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true, displayName: 'Olga' });
    admin = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
    child = await createUser(testApp, { verified: true });
    outsider = await createUser(testApp, { verified: true });
  });
  afterAll(() => testApp?.close());

  /** A fresh household per test, so no test depends on another's tokens or marks. */
  async function household(name = 'The Martins'): Promise<TestHousehold> {
    const home = await createHousehold(testApp, owner, { name });
    await addMember(testApp, home, admin, 'admin');
    await addMember(testApp, home, member, 'member');
    await addMember(testApp, home, child, 'child');
    return home;
  }

  const server = () => testApp.server;
  const createToken = (by: TestUser, hid: string) =>
    request(server()).post(`/api/v1/households/${hid}/migration-tokens`).set(by.auth);
  const listTokens = (by: TestUser, hid: string) =>
    request(server()).get(`/api/v1/households/${hid}/migration-tokens`).set(by.auth);
  const revokeToken = (by: TestUser, hid: string, id: string) =>
    request(server()).delete(`/api/v1/households/${hid}/migration-tokens/${id}`).set(by.auth);
  const source = (token: string) =>
    request(server()).get('/api/v1/migration/source').set(bearer(token));
  const markMoved = (auth: Record<string, string>, hid: string, newAddress: unknown) =>
    request(server()).post(`/api/v1/households/${hid}/moved`).set(auth).send({ newAddress });

  async function newToken(hid: string): Promise<CreatedToken> {
    const response = await createToken(owner, hid).expect(201);
    return response.body as CreatedToken;
  }

  /** audit_events is under FORCE ROW LEVEL SECURITY: read inside the household's context. */
  function auditOf(householdId: string): Promise<Record<string, unknown>[]> {
    return tenantQuery(
      testApp.db,
      householdId,
      'SELECT action, actor_user_id, target, details FROM audit_events ORDER BY occurred_at, id',
    );
  }

  describe('POST /api/v1/households/:hid/migration-tokens', () => {
    it('gives an owner a 24-hour token, once, with the exact command; only its hash is stored', async () => {
      const home = await household();
      const before = Date.now();
      const response = await createToken(owner, home.slug).expect(201);
      const body = response.body as CreatedToken;
      expect(body).toEqual({
        id: expect.any(String),
        token: expect.stringMatching(/^foyer-mig_[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
        command: `FOYER_DATA_DIR=./data npx foyer migrate --from http://foyer.test --token ${body.token}`,
      });
      const lifetime = Date.parse(body.expiresAt) - before;
      expect(lifetime).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(lifetime).toBeLessThanOrEqual(24 * 3600_000 + 60_000);

      const rows = await ownerQuery(
        testApp.db,
        'SELECT * FROM migration_tokens WHERE household_id = $1',
        [home.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id: body.id,
        token_hash: sha256(body.token),
        created_by: owner.id,
      });
      expect(JSON.stringify(rows[0])).not.toContain(body.token.slice('foyer-mig_'.length));
      expect(await auditOf(home.id)).toContainEqual({
        action: 'migration.token-created',
        actor_user_id: owner.id,
        target: body.id,
        details: { expiresAt: body.expiresAt },
      });
    });

    it('refuses admins, members and children (403), outsiders (404) and anonymous callers (401)', async () => {
      const home = await household();
      for (const user of [admin, member, child]) {
        expectRefusal(await createToken(user, home.id), 403, 'HOUSEHOLD_PERMISSION_DENIED');
        expectRefusal(await listTokens(user, home.id), 403, 'HOUSEHOLD_PERMISSION_DENIED');
      }
      expectRefusal(await createToken(outsider, home.id), 404, 'HOUSEHOLD_NOT_FOUND');
      expectRefusal(await listTokens(outsider, home.id), 404, 'HOUSEHOLD_NOT_FOUND');
      expectRefusal(
        await request(server()).post(`/api/v1/households/${home.id}/migration-tokens`),
        401,
        'UNAUTHENTICATED',
      );
      const [{ count }] = await ownerQuery<{ count: number }>(
        testApp.db,
        'SELECT count(*)::int AS count FROM migration_tokens WHERE household_id = $1',
        [home.id],
      );
      expect(count).toBe(0);
    });

    it('refuses a household that is still being provisioned (409)', async () => {
      const home = await createHousehold(testApp, owner, { status: 'provisioning' });
      expectRefusal(await createToken(owner, home.id), 409, 'HOUSEHOLD_NOT_READY');
    });
  });

  describe('GET and DELETE', () => {
    it('lists tokens without their secrets, with their state, and revokes them for good', async () => {
      const home = await household();
      const first = await newToken(home.id);
      const second = await newToken(home.id);
      const third = await newToken(home.id);
      await ownerQuery(
        testApp.db,
        `UPDATE migration_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [third.id],
      );
      await revokeToken(owner, home.slug, second.id).expect(204);

      const listed = (await listTokens(owner, home.id).expect(200)).body as Record<
        string,
        unknown
      >[];
      expect(JSON.stringify(listed)).not.toMatch(/foyer-mig_|token_?hash/i);
      const states = Object.fromEntries(listed.map((row) => [row.id, row.state]));
      expect(states).toEqual({
        [first.id]: 'active',
        [second.id]: 'revoked',
        [third.id]: 'expired',
      });
      expect(listed.find((row) => row.id === first.id)).toEqual({
        id: first.id,
        state: 'active',
        createdBy: owner.id,
        createdAt: expect.any(String),
        expiresAt: first.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        exportDownloadedAt: null,
      });

      expectRefusal(await source(second.token), 401, 'MIGRATION_TOKEN_REVOKED');
      await source(first.token).expect(200);
      expect(await auditOf(home.id)).toContainEqual(
        expect.objectContaining({ action: 'migration.token-revoked', target: second.id }),
      );
    });

    it('answers 404 for a token revoked already, unknown, malformed or of another household', async () => {
      const home = await household();
      const other = await household('The Others');
      const token = await newToken(home.id);
      const foreign = await newToken(other.id);
      await revokeToken(owner, home.id, token.id).expect(204);
      for (const id of [token.id, foreign.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
        expectRefusal(await revokeToken(owner, home.id, id), 404, 'MIGRATION_TOKEN_NOT_FOUND');
      }
      // The other household's token still works: revoking through the wrong household did nothing.
      await source(foreign.token).expect(200);
      expectRefusal(
        await revokeToken(admin, other.id, foreign.id),
        403,
        'HOUSEHOLD_PERMISSION_DENIED',
      );
    });
  });

  describe('authenticating with a token', () => {
    it('names its household at /api/v1/migration/source, and records its use', async () => {
      const home = await household('Les Dupont');
      const token = await newToken(home.id);
      const response = await source(token.token).expect(200);
      expect(response.body).toEqual({
        household: { id: home.id, slug: home.slug, name: 'Les Dupont' },
        tokenId: token.id,
        expiresAt: token.expiresAt,
        exportsPath: `/api/v1/households/${home.id}/exports`,
        movedPath: `/api/v1/households/${home.id}/moved`,
      });
      const [row] = await ownerQuery<{ last_used_at: Date | null }>(
        testApp.db,
        'SELECT last_used_at FROM migration_tokens WHERE id = $1',
        [token.id],
      );
      expect(row.last_used_at).not.toBeNull();
    });

    it('refuses expired, unknown and malformed tokens, and session tokens at the source route', async () => {
      const home = await household();
      const token = await newToken(home.id);
      await ownerQuery(
        testApp.db,
        `UPDATE migration_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [token.id],
      );
      expectRefusal(await source(token.token), 401, 'MIGRATION_TOKEN_EXPIRED');
      expectRefusal(await source(`${token.token}x`), 401, 'MIGRATION_TOKEN_INVALID');
      // Not shaped like a migration token at all: the caller is simply not signed in.
      expectRefusal(await source('garbage'), 401, 'UNAUTHENTICATED');
      expectRefusal(await source('foyer-mig_'), 401, 'UNAUTHENTICATED');
      expectRefusal(await source('foyer-mig_unknown'), 401, 'MIGRATION_TOKEN_INVALID');
      expectRefusal(
        await request(server()).get('/api/v1/migration/source'),
        401,
        'UNAUTHENTICATED',
      );
      expectRefusal(
        await request(server()).get('/api/v1/migration/source').set(owner.auth),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('opens nothing but the export: every other route, reads and writes, answers 401', async () => {
      const home = await household();
      const { token } = await newToken(home.id);
      const auth = bearer(token);
      const attempts = [
        request(server()).get(`/api/v1/households/${home.id}`).set(auth),
        request(server()).get(`/api/v1/households/${home.id}/members`).set(auth),
        request(server()).get(`/api/v1/households/${home.id}/files?path=/`).set(auth),
        request(server()).get(`/api/v1/households/${home.id}/audit`).set(auth),
        request(server()).get('/api/v1/me').set(auth),
        request(server())
          .patch(`/api/v1/households/${home.id}`)
          .set(auth)
          .send({ name: 'Hijacked' }),
        request(server())
          .post(`/api/v1/households/${home.id}/invites`)
          .set(auth)
          .send({ email: 'intruder@example.com', role: 'owner' }),
        request(server())
          .put(`/api/v1/households/${home.id}/files/content?path=/x.txt`)
          .set(auth)
          .send('data'),
        request(server()).delete(`/api/v1/households/${home.id}`).set(auth).send({ password: 'x' }),
        request(server()).post(`/api/v1/households/${home.id}/migration-tokens`).set(auth),
        request(server()).get(`/api/v1/households/${home.id}/migration-tokens`).set(auth),
        request(server()).delete(`/api/v1/households/${home.id}/moved`).set(auth),
      ];
      for (const attempt of attempts) {
        const response = await attempt;
        expect({
          url: response.request.url,
          status: response.status,
          code: response.body.code,
        }).toEqual({
          url: response.request.url,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
      }
      const [row] = await ownerQuery<{ name: string }>(
        testApp.db,
        'SELECT name FROM households WHERE id = $1',
        [home.id],
      );
      expect(row.name).toBe('The Martins');
      const invites = await ownerQuery(
        testApp.db,
        'SELECT 1 FROM invites WHERE household_id = $1',
        [home.id],
      );
      expect(invites).toEqual([]);
    });

    it("opens only its own household: another household's routes answer 404", async () => {
      const home = await household();
      const other = await household('The Others');
      const { token } = await newToken(home.id);
      const authenticator = testApp.app.get(MigrationTokenAuthenticator);
      const grant = await authenticator.authenticate(token, home.slug);
      await authenticator.recordExportDownload(grant);
      for (const hid of [other.id, other.slug, '00000000-0000-4000-8000-000000000000']) {
        expectRefusal(
          await markMoved(bearer(token), hid, 'https://new.example.org'),
          404,
          'HOUSEHOLD_NOT_FOUND',
        );
      }
      await expect(authenticator.authenticate(token, other.id)).rejects.toMatchObject({
        status: 404,
        code: 'HOUSEHOLD_NOT_FOUND',
      });
      const [row] = await ownerQuery<{ moved_to: string | null }>(
        testApp.db,
        'SELECT moved_to FROM households WHERE id = $1',
        [other.id],
      );
      expect(row.moved_to).toBeNull();
    });

    it('dies with its household: a household being purged has no valid tokens', async () => {
      const home = await household();
      const { token } = await newToken(home.id);
      await ownerQuery(testApp.db, `UPDATE households SET status = 'purging' WHERE id = $1`, [
        home.id,
      ]);
      expectRefusal(await source(token), 401, 'MIGRATION_TOKEN_INVALID');
    });
  });

  describe('POST /api/v1/households/:hid/moved', () => {
    it('lets the token holder mark it moved only once the export was downloaded with the token', async () => {
      const home = await household();
      const { token, id } = await newToken(home.id);
      expectRefusal(
        await markMoved(bearer(token), home.id, 'https://foyer.martin.example/h/the-martins'),
        409,
        'MIGRATION_NOT_EXPORTED',
      );
      const authenticator = testApp.app.get(MigrationTokenAuthenticator);
      await authenticator.recordExportDownload(await authenticator.authenticate(token, home.id));

      const moved = await markMoved(
        bearer(token),
        home.slug,
        'https://foyer.martin.example/h/the-martins/',
      ).expect(200);
      expect(moved.body).toEqual({
        householdId: home.id,
        movedTo: 'https://foyer.martin.example/h/the-martins',
        movedAt: expect.any(String),
      });
      // Retried (the target's `foyer migrate` ran twice): the same answer.
      const again = await markMoved(
        bearer(token),
        home.id,
        'https://foyer.martin.example/h/the-martins',
      ).expect(200);
      expect(again.body).toEqual(moved.body);
      expectRefusal(
        await markMoved(bearer(token), home.id, 'https://elsewhere.example'),
        409,
        'HOUSEHOLD_ALREADY_MOVED',
      );
      expect(await auditOf(home.id)).toContainEqual({
        action: 'household.moved',
        actor_user_id: null,
        target: 'https://foyer.martin.example/h/the-martins',
        details: { migrationTokenId: id },
      });
    });

    it('refuses an expired or revoked token even after a download', async () => {
      const home = await household();
      const created = await newToken(home.id);
      await ownerQuery(
        testApp.db,
        `UPDATE migration_tokens SET export_downloaded_at = now(), revoked_at = now() WHERE id = $1`,
        [created.id],
      );
      expectRefusal(
        await markMoved(bearer(created.token), home.id, 'https://new.example'),
        401,
        'MIGRATION_TOKEN_REVOKED',
      );
      const later = await newToken(home.id);
      await ownerQuery(
        testApp.db,
        `UPDATE migration_tokens SET export_downloaded_at = now(), expires_at = now() WHERE id = $1`,
        [later.id],
      );
      expectRefusal(
        await markMoved(bearer(later.token), home.id, 'https://new.example'),
        401,
        'MIGRATION_TOKEN_EXPIRED',
      );
    });

    it('lets an owner mark it moved; admins, members and children may not; bad addresses are 400', async () => {
      const home = await household();
      for (const user of [admin, member, child]) {
        expectRefusal(
          await markMoved(user.auth, home.id, 'https://new.example'),
          403,
          'HOUSEHOLD_PERMISSION_DENIED',
        );
      }
      expectRefusal(
        await markMoved(outsider.auth, home.id, 'https://new.example'),
        404,
        'HOUSEHOLD_NOT_FOUND',
      );
      expectRefusal(
        await request(server())
          .post(`/api/v1/households/${home.id}/moved`)
          .send({ newAddress: 'https://new.example' }),
        401,
        'UNAUTHENTICATED',
      );
      for (const bad of ['ftp://new.example', 'not an address', '', 42, 'javascript:alert(1)']) {
        const response = await markMoved(owner.auth, home.id, bad);
        expect({ bad, status: response.status, code: response.body.code }).toEqual({
          bad,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      const [unchanged] = await ownerQuery<{ moved_to: string | null }>(
        testApp.db,
        'SELECT moved_to FROM households WHERE id = $1',
        [home.id],
      );
      expect(unchanged.moved_to).toBeNull();

      await markMoved(owner.auth, home.id, 'https://user:secret@new.example/h/martins').expect(200);
      const [row] = await ownerQuery<{ moved_to: string }>(
        testApp.db,
        'SELECT moved_to FROM households WHERE id = $1',
        [home.id],
      );
      expect(row.moved_to).toBe('https://new.example/h/martins');
    });

    it('refuses a household still being provisioned (409)', async () => {
      const home = await createHousehold(testApp, owner, { status: 'provisioning' });
      expectRefusal(
        await markMoved(owner.auth, home.id, 'https://new.example'),
        409,
        'HOUSEHOLD_NOT_READY',
      );
    });
  });

  describe('a moved household', () => {
    it('shows the new address to its members, is read-only, and can still be deleted by its owners', async () => {
      const home = await household();
      await markMoved(owner.auth, home.id, 'https://new.example/h/martins').expect(200);

      const seen = await request(server()).get(`/api/v1/households/${home.id}`).set(child.auth);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        status: 'active',
        movedTo: 'https://new.example/h/martins',
        movedAt: expect.any(String),
      });
      const me = await request(server()).get('/api/v1/me').set(member.auth).expect(200);
      expect(me.body.memberships).toContainEqual({
        householdId: home.id,
        slug: home.slug,
        name: 'The Martins',
        role: 'member',
        movedTo: 'https://new.example/h/martins',
      });
      const listed = await request(server()).get('/api/v1/households').set(admin.auth).expect(200);
      expect(listed.body).toContainEqual(
        expect.objectContaining({ id: home.id, movedTo: 'https://new.example/h/martins' }),
      );

      expectRefusal(
        await request(server())
          .patch(`/api/v1/households/${home.id}`)
          .set(owner.auth)
          .send({ name: 'Renamed' }),
        409,
        'HOUSEHOLD_READ_ONLY',
      );
      expectRefusal(
        await request(server())
          .post(`/api/v1/households/${home.id}/invites`)
          .set(owner.auth)
          .send({ email: 'cousin@example.com', role: 'member' }),
        409,
        'HOUSEHOLD_READ_ONLY',
      );
      // A new token is not a change to the data: the family may migrate again.
      await createToken(owner, home.id).expect(201);

      // Never deleted automatically; the usual flow stays open to the owners.
      const [still] = await ownerQuery<{ status: string }>(
        testApp.db,
        'SELECT status FROM households WHERE id = $1',
        [home.id],
      );
      expect(still.status).toBe('active');
      const deletion = await request(server())
        .delete(`/api/v1/households/${home.id}`)
        .set(owner.auth)
        .send({ password: owner.password });
      expect(deletion.status).toBe(202);
      await request(server())
        .post(`/api/v1/households/${home.id}/deletion/cancel`)
        .set(owner.auth)
        .expect(200);
      const afterCancel = await request(server())
        .get(`/api/v1/households/${home.id}`)
        .set(owner.auth)
        .expect(200);
      expect(afterCancel.body).toMatchObject({
        status: 'active',
        movedTo: 'https://new.example/h/martins',
      });
    });

    it('refuses file writes but still serves its files (a provisioned household)', async () => {
      const home = await createActiveHousehold(server(), owner, 'The Uploaders');
      const put = (name: string) =>
        request(server())
          .put(`/api/v1/households/${home.id}/files/content?path=/${name}`)
          .set(owner.auth)
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.from('hello'));
      expect((await put('before.txt')).status).toBeLessThan(300);
      await markMoved(owner.auth, home.id, 'https://new.example').expect(200);
      expectRefusal(await put('after.txt'), 409, 'HOUSEHOLD_READ_ONLY');
      const read = await request(server())
        .get(`/api/v1/households/${home.id}/files/content?path=/before.txt`)
        .set(owner.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(read.status).toBe(200);
      expect((read.body as Buffer).toString()).toBe('hello');
    });

    it('is writable again once an owner takes the mark back; only owners may', async () => {
      const home = await household();
      await markMoved(owner.auth, home.id, 'https://new.example').expect(200);
      expectRefusal(
        await request(server()).delete(`/api/v1/households/${home.id}/moved`).set(admin.auth),
        403,
        'HOUSEHOLD_PERMISSION_DENIED',
      );
      await request(server())
        .delete(`/api/v1/households/${home.id}/moved`)
        .set(owner.auth)
        .expect(204);
      expectRefusal(
        await request(server()).delete(`/api/v1/households/${home.id}/moved`).set(owner.auth),
        409,
        'HOUSEHOLD_NOT_MOVED',
      );
      const renamed = await request(server())
        .patch(`/api/v1/households/${home.id}`)
        .set(owner.auth)
        .send({ name: 'Renamed' })
        .expect(200);
      expect(renamed.body).not.toHaveProperty('movedTo');
      expect(await auditOf(home.id)).toContainEqual(
        expect.objectContaining({ action: 'household.move-undone', actor_user_id: owner.id }),
      );
    });
  });
});
