import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';

/** An arbitrary constant shared by every Foyer process: the key of the migration lock. */
const MIGRATION_LOCK = 0x0f0e5;

const identifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The role name in a postgres:// URL. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Runs pending migrations as the owner, then grants the application role what it needs and no
 * more: data access on tables and sequences, never ownership (which would bypass RLS).
 */
export async function runMigrations(ownerUrl: string, appRole: string): Promise<string[]> {
  // The api and the worker may start together: one migrates while the other waits.
  const lock = new Client({ connectionString: ownerUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await migrateAndGrant(ownerUrl, appRole);
  } finally {
    await lock.end();
  }
}

async function migrateAndGrant(ownerUrl: string, appRole: string): Promise<string[]> {
  const logger = new Logger('Migrations');
  const dataSource = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    logging: false,
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    for (const migration of applied) logger.log(`Applied ${migration.name}`);
    const role = identifier(appRole);
    await dataSource.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await dataSource.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    );
    await dataSource.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await dataSource.query(`REVOKE ALL ON TABLE migrations FROM ${role}`);
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
