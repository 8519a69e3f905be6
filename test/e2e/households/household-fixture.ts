import { Client } from 'pg';
import {
  addMember,
  createHousehold,
  HouseholdOptions,
  HouseholdRoleName,
  TestHousehold,
} from '../../factories/household.factory';
import type { TestUser } from '../../factories/user.factory';
import { harness } from '../../harness/harness-env';
import type { TestDatabase } from '../../harness/test-database';

export type SeededHousehold = TestHousehold;
export type HouseholdStatusName = NonNullable<HouseholdOptions['status']>;

export interface SeedOptions {
  /** The first one creates it. */
  owners: [Pick<TestUser, 'id'>, ...Pick<TestUser, 'id'>[]];
  admins?: Pick<TestUser, 'id'>[];
  members?: Pick<TestUser, 'id'>[];
  children?: Pick<TestUser, 'id'>[];
  status?: HouseholdStatusName;
  name?: string;
}

/**
 * A household in a given state with people in every role, through the shared factory (straight
 * into the control-plane tables: no provisioning job, no bucket, no data key).
 */
export async function seedHousehold(
  db: Pick<TestDatabase, 'ownerUrl'>,
  options: SeedOptions,
): Promise<SeededHousehold> {
  const [creator, ...otherOwners] = options.owners;
  const household = await createHousehold({ db }, creator, {
    status: options.status,
    name: options.name,
  });
  const roles: [HouseholdRoleName, Pick<TestUser, 'id'>[] | undefined][] = [
    ['owner', otherOwners],
    ['admin', options.admins],
    ['member', options.members],
    ['child', options.children],
  ];
  for (const [role, users] of roles) {
    for (const user of users ?? []) await addMember({ db }, household, user, role);
  }
  return household;
}

/**
 * Runs one statement as the PostgreSQL superuser in the test database: it bypasses row-level
 * security, so it sees every household's rows. Only for proofs ("no row is left"), never as a
 * stand-in for what the application can do.
 */
export async function superuserQuery<Row extends Record<string, unknown>>(
  db: Pick<TestDatabase, 'name'>,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const url = new URL(harness().adminUrl);
  url.pathname = `/${db.name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Every table of the schema with a household_id column (control-plane and tenant alike). */
export async function tablesWithHouseholdId(db: Pick<TestDatabase, 'name'>): Promise<string[]> {
  const rows = await superuserQuery<{ table: string }>(
    db,
    `SELECT c.relname AS table
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'household_id' AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p')
      ORDER BY 1`,
  );
  return rows.map((row) => row.table);
}

/** How many rows each of those tables holds for the household, seen past row-level security. */
export async function rowsOfHousehold(
  db: Pick<TestDatabase, 'name'>,
  householdId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesWithHouseholdId(db)) {
    const [row] = await superuserQuery<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM "${table}" WHERE household_id = $1`,
      [householdId],
    );
    counts[table] = row.n;
  }
  return counts;
}

/** Polls until `probe` is true, or fails at the deadline: tests wait for states, not times. */
export async function eventually(
  probe: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
