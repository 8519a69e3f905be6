import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { harness } from './harness-env';

export interface TestDatabase {
  name: string;
  /** The owner (runs migrations, creates fixtures); tests of the application use appUrl. */
  ownerUrl: string;
  /** The application role: not superuser, not owner, so row-level security applies. */
  appUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh database, copied from the run's migrated template, so that test files run in parallel
 * and no test depends on another's leftovers.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const environment = harness();
  const name = `foyer_t_${environment.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: environment.adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE ${environment.templateDatabase} OWNER ${environment.ownerRole}`,
    );
  } finally {
    await admin.end();
  }
  const url = (role: string) => `postgresql://${role}@127.0.0.1:5432/${name}`;
  return {
    name,
    ownerUrl: url(environment.ownerRole),
    appUrl: url(environment.appRole),
    drop: async () => {
      const client = new Client({ connectionString: environment.adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
