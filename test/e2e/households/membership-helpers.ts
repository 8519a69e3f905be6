import { Client } from 'pg';
import request from 'supertest';
import { HouseholdEntitlements } from '@foyer/households';
import { ownerQuery } from '../../factories/owner-sql';
import type { TestUser } from '../../factories/user.factory';
import { waitForMail, mailFor } from '../../harness/mailbox';
import type { TestApp } from '../../harness/test-app';

/** Helpers of the invites, members and audit suites. */

export const INVITE_SUBJECT = /invited you/i;

export type Auth = Pick<TestUser, 'auth'>;

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token') ?? '';
}

export function invite(
  testApp: TestApp,
  by: Auth,
  hid: string,
  body: Record<string, unknown>,
): request.Test {
  return request(testApp.server).post(`/api/v1/households/${hid}/invites`).set(by.auth).send(body);
}

export function accept(testApp: TestApp, by: Auth, token: unknown): request.Test {
  return request(testApp.server).post('/api/v1/invites/accept').set(by.auth).send({ token });
}

/** The token of mail number `count` (default: the first) for the address. */
export async function mailedToken(email: string, count = 1): Promise<string> {
  const mail = await waitForMail(email, { subject: INVITE_SUBJECT, count });
  return tokenOf(mail.links[0]);
}

/** How many invite mails have arrived for the address so far. */
export async function inviteMailCount(email: string): Promise<number> {
  return (await mailFor(email)).filter((mail) => INVITE_SUBJECT.test(mail.subject)).length;
}

/** Invites `email` and returns the invite's id and the token of its (first) mail. */
export async function invitedToken(
  testApp: TestApp,
  by: Auth,
  hid: string,
  email: string,
  role = 'member',
): Promise<{ id: string; token: string }> {
  const response = await invite(testApp, by, hid, { email, role }).expect(201);
  return { id: response.body.id as string, token: await mailedToken(email) };
}

export interface InviteRow extends Record<string, unknown> {
  id: string;
  email: string;
  role: string;
  token_hash: string;
  expires_at: Date;
  created_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

export function inviteRows(testApp: TestApp, householdId: string): Promise<InviteRow[]> {
  return ownerQuery<InviteRow>(
    testApp.db,
    'SELECT * FROM invites WHERE household_id = $1 ORDER BY created_at',
    [householdId],
  );
}

export async function memberRoles(
  testApp: TestApp,
  householdId: string,
): Promise<Record<string, string>> {
  const rows = await ownerQuery<{ user_id: string; role: string }>(
    testApp.db,
    'SELECT user_id, role FROM memberships WHERE household_id = $1',
    [householdId],
  );
  return Object.fromEntries(rows.map((row) => [row.user_id, row.role]));
}

export interface AuditRow extends Record<string, unknown> {
  action: string;
  actor_user_id: string | null;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/**
 * Runs one statement as the tables' owner inside the household's context (one transaction with
 * `app.household_id` set): tenant tables are under forced row-level security, owner included.
 */
export async function householdQuery<Row extends Record<string, unknown>>(
  testApp: TestApp,
  householdId: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: testApp.db.ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.household_id', $1, true)`, [householdId]);
    const { rows } = await client.query<Row>(sql, params);
    await client.query('COMMIT');
    return rows;
  } finally {
    await client.end();
  }
}

/** The household's audit rows, oldest first. */
export function auditRows(testApp: TestApp, householdId: string): Promise<AuditRow[]> {
  return householdQuery<AuditRow>(
    testApp,
    householdId,
    'SELECT action, actor_user_id, target, details, ip FROM audit_events ORDER BY occurred_at, id',
  );
}

export async function auditActions(testApp: TestApp, householdId: string): Promise<string[]> {
  return (await auditRows(testApp, householdId)).map((row) => row.action);
}

const seatLimits = new WeakMap<HouseholdEntitlements, Map<string, number>>();

/**
 * Gives one household a seat limit, as billing's entitlements will: the port's provider is the
 * application's own instance, so the services see the limit (others stay unlimited). Returns the
 * undo.
 */
export function limitSeats(testApp: TestApp, householdId: string, seats: number): () => void {
  const entitlements = testApp.app.get(HouseholdEntitlements, { strict: false });
  let limits = seatLimits.get(entitlements);
  if (!limits) {
    const own = new Map<string, number>();
    limits = own;
    seatLimits.set(entitlements, own);
    const unlimited = entitlements.seatLimit.bind(entitlements);
    jest
      .spyOn(entitlements, 'seatLimit')
      .mockImplementation(async (id: string) => own.get(id) ?? unlimited(id));
  }
  limits.set(householdId, seats);
  return () => limits.delete(householdId);
}
