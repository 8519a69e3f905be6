import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import request, { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { HouseholdScope, toHouseholdId } from '@foyer/core';
import { ACCOUNT_LEVEL_API_ROOTS } from '../../../libs/households/src/addressing/household-addressing.middleware';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { seedHousehold, SeededHousehold, superuserQuery } from './household-fixture';
import { fillPath, householdRoutes, RouteEntry, routeTable } from './route-table';

/** What a victim household is made of; none of it may appear in an answer to an outsider. */
interface Victim {
  household: SeededHousehold;
  secrets: string[];
}

/** A JSON body that a typical handler would accept the shape of, so nothing trips over its absence. */
const PLAUSIBLE_BODY = {
  name: 'Renamed by an intruder',
  slug: 'intruder-slug',
  email: 'intruder@example.com',
  role: 'member',
  password: 'Intruder-password-1',
  reason: 'because',
  path: '/Documents',
  from: '/Documents',
  to: '/Elsewhere',
  planId: 'family',
};

const BASE_DOMAIN = 'foyer.test';

/** One way of naming the household in a request: the URL's `:hid`, or one of its addresses. */
interface Address {
  label: string;
  path: string;
  host?: string;
  /** What the caller wrote to name the household (may appear in the answer). */
  identifier: string;
}

/**
 * The route with the household as id, as slug and as upper-case id, and through its two
 * addresses: `/h/<slug>/api/v1/...` and the host `<slug>.<FOYER_BASE_DOMAIN>` (both rewritten to
 * the same routes, so they must answer the same).
 */
function addressesOf(route: RouteEntry, household: SeededHousehold): Address[] {
  const addresses: Address[] = [household.id, household.slug, household.id.toUpperCase()].map(
    (identifier) => ({ label: identifier, path: fillPath(route.path, identifier), identifier }),
  );
  const prefix = '/api/v1/households/:hid';
  if (route.path === prefix || route.path.startsWith(`${prefix}/`)) {
    const rest = fillPath(route.path.slice(prefix.length), household.slug);
    addresses.push({
      label: '/h/<slug>',
      path: `/h/${household.slug}${rest ? `/api/v1${rest}` : ''}`,
      identifier: household.slug,
    });
    // On the household's host, the account-level API keeps its meaning (not a household route).
    const root = rest.split('/')[1];
    if (!root || !ACCOUNT_LEVEL_API_ROOTS.includes(root)) {
      addresses.push({
        label: '<slug>.<base>',
        path: rest ? `/api/v1${rest}` : '/',
        host: `${household.slug}.${BASE_DOMAIN}`,
        identifier: household.slug,
      });
    }
  }
  return addresses;
}

function send(server: Server, route: RouteEntry, path: string, host?: string) {
  const method = route.method.toLowerCase() as 'get';
  const test = request(server)[method](path);
  if (host) test.set('Host', host);
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)
    ? test.set('Content-Type', 'application/json').send(PLAUSIBLE_BODY)
    : test;
}

/**
 * What is wrong with an outsider's answer: anything but 404 HOUSEHOLD_NOT_FOUND, or any trace of
 * the victim beyond the identifier the caller put in the URL.
 */
export function leakProblems(response: Response, victim: Victim, identifier: string): string[] {
  const problems: string[] = [];
  const body = response.body as { code?: unknown };
  if (response.status !== 404 || body?.code !== 'HOUSEHOLD_NOT_FOUND') {
    problems.push(
      `answered ${response.status} ${String(body?.code)} instead of 404 HOUSEHOLD_NOT_FOUND`,
    );
  }
  const text = `${response.text ?? ''} ${String(response.headers.location ?? '')} ${String(
    response.headers['content-disposition'] ?? '',
  )}`.toLowerCase();
  for (const secret of victim.secrets) {
    if (secret.toLowerCase() !== identifier.toLowerCase() && text.includes(secret.toLowerCase())) {
      problems.push(`the answer contains "${secret}"`);
    }
  }
  return problems;
}

describe('isolation between households', () => {
  let testApp: TestApp;
  let victimOwner: TestUser;
  let intruder: TestUser;
  let victim: Victim;
  let intruderHousehold: SeededHousehold;
  let routes: RouteEntry[];

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_BASE_DOMAIN: BASE_DOMAIN });
    const tag = randomBytes(4).toString('hex');
    victimOwner = await createUser(testApp, { verified: true, displayName: `Victoria ${tag}` });
    intruder = await createUser(testApp, { verified: true, displayName: 'Ivan Intruder' });
    const household = await seedHousehold(testApp.db, {
      owners: [victimOwner],
      name: `Victim Household ${tag}`,
    });
    const folder = `Private folder ${tag}`;
    await superuserQuery(
      testApp.db,
      `INSERT INTO file_nodes (household_id, name, kind, created_by) VALUES ($1, $2, 'folder', $3)`,
      [household.id, folder, victimOwner.id],
    );
    await superuserQuery(
      testApp.db,
      `INSERT INTO audit_events (household_id, actor_user_id, action, target)
       VALUES ($1, $2, 'test.secret-action', $3)`,
      [household.id, victimOwner.id, `secret-target-${tag}`],
    );
    victim = {
      household,
      secrets: [
        household.id,
        household.slug,
        household.name,
        victimOwner.id,
        victimOwner.email,
        victimOwner.displayName,
        folder,
        `secret-target-${tag}`,
      ],
    };
    intruderHousehold = await seedHousehold(testApp.db, {
      owners: [intruder],
      name: 'Intruder Household',
    });
    routes = householdRoutes(testApp.app);
  });
  afterAll(() => testApp?.close());

  describe('every route that takes :hid, from the route table', () => {
    it('finds the household routes (the table is generated, not listed by hand)', () => {
      const listed = routes.map((route) => `${route.method} ${route.path}`);
      expect(listed).toEqual(
        expect.arrayContaining([
          'DELETE /api/v1/households/:hid',
          'POST /api/v1/households/:hid/deletion/cancel',
        ]),
      );
      // The operator's routes take any household by id on purpose, and are not `:hid` routes.
      expect(listed.some((route) => route.includes('/admin/'))).toBe(false);
      // A household route that names its household otherwise (`:id`, `:householdId`) would escape
      // this suite and the membership check: every one of them must say `:hid`.
      const misnamed = routeTable(testApp.app).filter((route) =>
        /^\/api\/v1\/households\/:(?!hid(\/|$))/.test(route.path),
      );
      expect(misnamed).toEqual([]);
    });

    it('answers 401 to a caller without a session, on every one of them, at every address', async () => {
      const problems: string[] = [];
      for (const route of routes) {
        for (const address of addressesOf(route, victim.household)) {
          const response = await send(testApp.server, route, address.path, address.host);
          const where = `${route.method} ${route.path} via ${address.label}`;
          const code = (response.body as { code?: string }).code;
          // 401 also proves the path is really served: an unknown path would be a 404.
          if (response.status !== 401 || code !== 'UNAUTHENTICATED') {
            problems.push(`${where}: ${response.status} ${code}`);
          }
          for (const secret of victim.secrets) {
            if (
              secret.toLowerCase() !== address.identifier.toLowerCase() &&
              response.text.toLowerCase().includes(secret.toLowerCase())
            ) {
              problems.push(`${where}: leaks "${secret}" without a session`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it("answers 404 HOUSEHOLD_NOT_FOUND, with nothing of the victim's, to a member of another household (by id, by slug, at its addresses)", async () => {
      const problems: string[] = [];
      let probes = 0;
      for (const route of routes) {
        for (const address of addressesOf(route, victim.household)) {
          const response = await send(testApp.server, route, address.path, address.host).set(
            intruder.auth,
          );
          probes += 1;
          for (const problem of leakProblems(response, victim, address.identifier)) {
            problems.push(
              `${route.method} ${route.path} (${route.handler}) via ${address.label}: ${problem}`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
      expect(probes).toBeGreaterThanOrEqual(routes.length * 4);
    });

    it('answers the same to a member of another household as for a household that does not exist', async () => {
      for (const route of routes) {
        const foreign = await send(
          testApp.server,
          route,
          fillPath(route.path, victim.household.id),
        ).set(intruder.auth);
        const missing = await send(
          testApp.server,
          route,
          fillPath(route.path, '00000000-0000-4000-8000-000000000001'),
        ).set(intruder.auth);
        const answer = (response: Response) => {
          const { requestId, ...body } = response.body as { requestId?: string };
          expect(typeof requestId).toBe('string');
          return { route: `${route.method} ${route.path}`, status: response.status, body };
        };
        expect(answer(foreign)).toEqual(answer(missing));
      }
    });

    it('still changes nothing of the victim (its status and its rows are as they were)', async () => {
      const [row] = await superuserQuery<{ status: string; name: string; members: number }>(
        testApp.db,
        `SELECT status, name, (SELECT count(*)::int FROM memberships WHERE household_id = h.id) AS members
           FROM households h WHERE id = $1`,
        [victim.household.id],
      );
      expect(row).toEqual({ status: 'active', name: victim.household.name, members: 1 });
    });

    it("lets the routes through for the intruder's own household (the 404 is about membership)", async () => {
      const problems: string[] = [];
      for (const route of routes) {
        const response = await send(
          testApp.server,
          route,
          fillPath(route.path, intruderHousehold.id),
        ).set(intruder.auth);
        if ((response.body as { code?: string }).code === 'HOUSEHOLD_NOT_FOUND') {
          problems.push(`${route.method} ${route.path}: 404 HOUSEHOLD_NOT_FOUND for a member`);
        }
      }
      expect(problems).toEqual([]);
    });
  });

  describe('the checker itself', () => {
    it('flags a route that leaks, so a leaking :hid route added later fails this suite', async () => {
      const leaky = express();
      leaky.get('/api/v1/households/:hid/leak', (_request, response) => {
        response.status(200).json({ name: victim.household.name, owner: victimOwner.email });
      });
      leaky.get('/api/v1/households/:hid/forbidden', (_request, response) => {
        response.status(403).json({ code: 'HOUSEHOLD_PERMISSION_DENIED' });
      });
      const leak = await request(leaky).get(`/api/v1/households/${victim.household.id}/leak`);
      expect(leakProblems(leak, victim, victim.household.id)).toEqual([
        'answered 200 undefined instead of 404 HOUSEHOLD_NOT_FOUND',
        `the answer contains "${victim.household.name}"`,
        `the answer contains "${victimOwner.email}"`,
      ]);
      // A 403 tells the outsider that the household exists: also a leak.
      const forbidden = await request(leaky).get(
        `/api/v1/households/${victim.household.slug}/forbidden`,
      );
      expect(leakProblems(forbidden, victim, victim.household.slug)).toEqual([
        'answered 403 HOUSEHOLD_PERMISSION_DENIED instead of 404 HOUSEHOLD_NOT_FOUND',
      ]);
    });
  });

  describe('the database floor (row-level security, as the application role)', () => {
    let dataSource: DataSource;
    let scope: HouseholdScope;

    beforeAll(() => {
      dataSource = testApp.app.get(DataSource);
      scope = testApp.app.get(HouseholdScope);
    });

    const ids = (rows: { household_id: string }[]) => [
      ...new Set(rows.map((row) => row.household_id)),
    ];

    it('runs the application as a role that row-level security applies to', async () => {
      const [role] = await dataSource.query<{ rolsuper: boolean; rolbypassrls: boolean }[]>(
        'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
      );
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    });

    for (const table of ['audit_events', 'file_nodes']) {
      it(`shows only the household's own ${table} rows inside its scope, even to SELECT * without WHERE`, async () => {
        const all = await superuserQuery<{ household_id: string }>(
          testApp.db,
          `SELECT household_id FROM ${table} WHERE household_id = $1`,
          [victim.household.id],
        );
        expect(all.length).toBeGreaterThan(0);

        await superuserQuery(
          testApp.db,
          table === 'audit_events'
            ? `INSERT INTO audit_events (household_id, action) VALUES ($1, 'test.own')`
            : `INSERT INTO file_nodes (household_id, name, kind) VALUES ($1, 'Own folder', 'folder')`,
          [intruderHousehold.id],
        );
        const inside = await scope.run(toHouseholdId(intruderHousehold.id), ({ manager }) =>
          manager.query<{ household_id: string }[]>(`SELECT * FROM ${table}`),
        );
        expect(ids(inside)).toEqual([intruderHousehold.id]);

        const aimed = await scope.run(toHouseholdId(intruderHousehold.id), ({ manager }) =>
          manager.query<{ household_id: string }[]>(
            `SELECT * FROM ${table} WHERE household_id = $1`,
            [victim.household.id],
          ),
        );
        expect(aimed).toEqual([]);
      });

      it(`shows no ${table} rows at all without a household context`, async () => {
        expect(await dataSource.query(`SELECT * FROM ${table}`)).toEqual([]);
        expect(
          await dataSource.query(`SELECT * FROM ${table} WHERE household_id = $1`, [
            victim.household.id,
          ]),
        ).toEqual([]);
      });

      it(`cannot change or delete another household's ${table} rows from inside its own scope`, async () => {
        const before = await superuserQuery<{ n: number }>(
          testApp.db,
          `SELECT count(*)::int AS n FROM ${table} WHERE household_id = $1`,
          [victim.household.id],
        );
        const column = table === 'audit_events' ? 'action' : 'name';
        const [, updated] = (await scope.run(toHouseholdId(intruderHousehold.id), ({ manager }) =>
          manager.query(`UPDATE ${table} SET ${column} = 'hijacked' WHERE household_id = $1`, [
            victim.household.id,
          ]),
        )) as [unknown, number];
        const [, deleted] = (await scope.run(toHouseholdId(intruderHousehold.id), ({ manager }) =>
          manager.query(`DELETE FROM ${table} WHERE household_id = $1`, [victim.household.id]),
        )) as [unknown, number];
        expect({ updated, deleted }).toEqual({ updated: 0, deleted: 0 });
        const after = await superuserQuery<{ n: number; hijacked: number }>(
          testApp.db,
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${column} = 'hijacked')::int AS hijacked
             FROM ${table} WHERE household_id = $1`,
          [victim.household.id],
        );
        expect(after).toEqual([{ n: before[0].n, hijacked: 0 }]);
      });
    }
  });
});
