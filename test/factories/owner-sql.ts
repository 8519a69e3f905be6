import { Client } from 'pg';
import type { TestDatabase } from '../harness/test-database';

/**
 * Runs one statement as the database owner (outside the application's role and row-level
 * security): for fixtures and for moving time, such as expiring a token. Returns the rows.
 */
export async function ownerQuery<Row extends Record<string, unknown> = Record<string, unknown>>(
  db: Pick<TestDatabase, 'ownerUrl'>,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: db.ownerUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
