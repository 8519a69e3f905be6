import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  FoyerError,
  HouseholdId,
  HouseholdScope,
  TenancyErrorCode,
  toHouseholdId,
} from '@foyer/core';
import { harness } from '../../harness/harness-env';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';

/**
 * Tables with a household_id that lack the row-level-security floor, by name; control-plane tables
 * (memberships, invites) are marked `foyer:control-plane` by their migration and skipped.
 */
async function tablesWithoutTenantFloor(ownerUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string }>(`
      SELECT c.relname AS table
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'household_id' AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p')
         AND coalesce(obj_description(c.oid, 'pg_class'), '') <> 'foyer:control-plane'
         AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                  AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
       ORDER BY 1`);
    return rows.map((row) => row.table);
  } finally {
    await client.end();
  }
}

describe('the tenancy floor (row-level security as the application role)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let scope: HouseholdScope;
  const householdA = toHouseholdId(randomUUID());
  const householdB = toHouseholdId(randomUUID());

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    await owner.query(`
      CREATE TABLE notes (
        household_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        body text NOT NULL,
        PRIMARY KEY (household_id, id))`);
    await owner.query(`SELECT foyer_enable_tenant_rls('notes')`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO ${harness().appRole}`);
    // The owner is subject to FORCE ROW LEVEL SECURITY too, so fixtures go in through the context.
    for (const [household, body] of [
      [householdA, 'a1'],
      [householdA, 'a2'],
      [householdB, 'b1'],
    ]) {
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.household_id', $1, true)`, [household]);
      await owner.query('INSERT INTO notes (household_id, body) VALUES ($1, $2)', [
        household,
        body,
      ]);
      await owner.query('COMMIT');
    }
    await owner.end();
    dataSource = new DataSource({ type: 'postgres', url: db.appUrl, extra: { max: 2 } });
    await dataSource.initialize();
    scope = new HouseholdScope(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const bodies = (rows: { body: string }[]): string[] => rows.map((row) => row.body).sort();

  it('reads nothing without a household context', async () => {
    expect(await dataSource.query('SELECT * FROM notes')).toEqual([]);
  });

  it('writes nothing without a household context', async () => {
    await expect(
      dataSource.query('INSERT INTO notes (household_id, body) VALUES ($1, $2)', [householdA, 'x']),
    ).rejects.toThrow(/row-level security/);
    await expect(dataSource.query(`UPDATE notes SET body = 'changed'`)).resolves.toEqual([[], 0]);
    await expect(dataSource.query('DELETE FROM notes')).resolves.toEqual([[], 0]);
  });

  it('refuses to hand out a context that does not exist', () => {
    expect(() => scope.current()).toThrow(FoyerError);
    try {
      scope.current();
    } catch (error) {
      expect((error as FoyerError).code).toBe(TenancyErrorCode.ContextMissing);
    }
  });

  it("shows only the household's rows, even to a query without WHERE", async () => {
    const rows = await scope.run(householdA, ({ manager }) =>
      manager.query<{ body: string }[]>('SELECT body FROM notes'),
    );
    expect(bodies(rows)).toEqual(['a1', 'a2']);
    const count = await scope.run(householdB, ({ manager }) =>
      manager.query<{ count: string }[]>('SELECT count(*) FROM notes'),
    );
    expect(count[0].count).toBe('1');
  });

  it("cannot write, change or delete another household's rows from inside a context", async () => {
    await expect(
      scope.run(householdA, ({ manager }) =>
        manager.query('INSERT INTO notes (household_id, body) VALUES ($1, $2)', [
          householdB,
          'intruder',
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const [, updated] = (await scope.run(householdA, ({ manager }) =>
      manager.query(`UPDATE notes SET body = 'hijacked' WHERE household_id = $1`, [householdB]),
    )) as [unknown, number];
    expect(updated).toBe(0);
    const [, deleted] = (await scope.run(householdA, ({ manager }) =>
      manager.query('DELETE FROM notes WHERE household_id = $1', [householdB]),
    )) as [unknown, number];
    expect(deleted).toBe(0);
    const remaining = await scope.run(householdB, ({ manager }) =>
      manager.query<{ body: string }[]>('SELECT body FROM notes'),
    );
    expect(bodies(remaining)).toEqual(['b1']);
  });

  it('rolls back everything when the work fails', async () => {
    await expect(
      scope.run(householdA, async ({ manager }) => {
        await manager.query('INSERT INTO notes (household_id, body) VALUES ($1, $2)', [
          householdA,
          'half',
        ]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await scope.run(householdA, ({ manager }) =>
      manager.query<{ body: string }[]>('SELECT body FROM notes'),
    );
    expect(bodies(rows)).toEqual(['a1', 'a2']);
  });

  it('never lets concurrent work for two households see each other, on shared pooled connections', async () => {
    const work = Array.from({ length: 40 }, (_, index) => {
      const household: HouseholdId = index % 2 === 0 ? householdA : householdB;
      return scope.run(household, async ({ manager, householdId }) => {
        await manager.query('SELECT pg_sleep($1)', [(index % 5) / 200]);
        const [setting] = await manager.query<{ value: string }[]>(
          `SELECT current_setting('app.household_id') AS value`,
        );
        const rows = await manager.query<{ household_id: string }[]>(
          'SELECT household_id FROM notes',
        );
        return {
          expected: householdId,
          setting: setting.value,
          seen: rows.map((row) => row.household_id),
        };
      });
    });
    for (const result of await Promise.all(work)) {
      expect(result.setting).toBe(result.expected);
      expect(result.seen.length).toBeGreaterThan(0);
      expect(new Set(result.seen)).toEqual(new Set([result.expected]));
    }
    // Back in the pool, the connections carry no household: the setting was local to each transaction.
    const leftovers = await Promise.all(
      [1, 2, 3].map(() => dataSource.query('SELECT * FROM notes')),
    );
    expect(leftovers).toEqual([[], [], []]);
  });

  it('refuses to nest one household inside another', async () => {
    await expect(
      scope.run(householdA, () => scope.run(householdB, async () => 'never')),
    ).rejects.toMatchObject({ code: TenancyErrorCode.ContextConflict });
    await expect(
      scope.run(householdA, () => scope.run(householdA, async () => 'same')),
    ).resolves.toBe('same');
  });

  it('gives the application role no way around the policy', async () => {
    await expect(dataSource.query('SET row_security = off; SELECT * FROM notes')).rejects.toThrow(
      /row-level security/,
    );
    await expect(dataSource.query(`SET ROLE ${harness().ownerRole}`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(dataSource.query('ALTER TABLE notes DISABLE ROW LEVEL SECURITY')).rejects.toThrow(
      /must be owner/,
    );
  });

  it('finds every tenant table under the floor, and would flag one that is not', async () => {
    expect(await tablesWithoutTenantFloor(db.ownerUrl)).toEqual([]);
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    await owner.query('CREATE TABLE careless (household_id uuid NOT NULL, body text)');
    await owner.end();
    expect(await tablesWithoutTenantFloor(db.ownerUrl)).toEqual(['careless']);
  });
});
