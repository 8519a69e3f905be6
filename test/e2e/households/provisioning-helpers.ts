import { createDecipheriv } from 'node:crypto';
import type { Server } from 'node:http';
import { Client } from 'pg';
import request from 'supertest';
import type { TestUser } from '../../factories/user.factory';
import type { TestDatabase } from '../../harness/test-database';

export interface CreatedHousehold {
  id: string;
  slug: string;
  status: string;
}

/** `POST /api/v1/households` as `user`; fails the test unless it answers 202. */
export async function postHousehold(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  name: string,
): Promise<CreatedHousehold> {
  const response = await request(server).post('/api/v1/households').set(user.auth).send({ name });
  if (response.status !== 202) {
    throw new Error(
      `POST /households answered ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as CreatedHousehold;
}

/** Polls `GET /api/v1/households/:hid` until the household is active, or fails at the deadline. */
export async function waitUntilActive(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  hid: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const response = await request(server).get(`/api/v1/households/${hid}`).set(user.auth);
    last = response.body;
    if (response.status === 200 && response.body.status === 'active') {
      return response.body as Record<string, unknown>;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Household ${hid} did not become active; last answer ${JSON.stringify(last)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A household created through the API and provisioned, in one line. */
export async function createActiveHousehold(
  server: Server,
  user: Pick<TestUser, 'auth'>,
  name: string,
): Promise<CreatedHousehold> {
  const created = await postHousehold(server, user, name);
  await waitUntilActive(server, user, created.id);
  return { ...created, status: 'active' };
}

/**
 * Runs one statement as the database owner inside the household's context
 * (`set_config('app.household_id')`, as HouseholdScope does): tenant tables are under FORCE ROW
 * LEVEL SECURITY, so this sees that household's rows and only those.
 */
export async function tenantQuery<Row extends Record<string, unknown>>(
  db: Pick<TestDatabase, 'ownerUrl'>,
  householdId: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: db.ownerUrl });
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

/**
 * Unwraps a wrapped data key the way the format is documented (KeyVault): `v1.<master key
 * id>.<iv>.<ciphertext>.<tag>`, AES-256-GCM under the master key, the household id as additional
 * data. Written from the format, not by calling the product, so it checks what is stored.
 */
export function unwrapDataKey(
  masterKeyBase64: string,
  householdId: string,
  wrapped: string,
): Buffer {
  const [format, , iv, ciphertext, tag] = wrapped.split('.');
  if (format !== 'v1') throw new Error(`Unknown wrapped key format ${format}`);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(masterKeyBase64, 'base64'),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(`foyer:household-data-key:${householdId}`, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

/** Waits until `probe` holds; tests wait for states, never for fixed times. */
export async function until(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
