import { FoyerConfig } from '../config/foyer-config';
import { DatabaseConnection } from './database-connection';
import { startEmbeddedPostgres } from './embedded-postgres';
import { roleOf, runMigrations } from './migrate';

/**
 * Makes PostgreSQL reachable (starting the embedded server when no DATABASE_URL is set) and
 * brings the schema up to date. Runs before Nest starts, so providers get a ready database.
 */
export async function prepareDatabase(
  config: FoyerConfig,
  options: { migrate: boolean } = { migrate: true },
): Promise<DatabaseConnection> {
  const connection: DatabaseConnection =
    config.database.kind === 'embedded'
      ? await startEmbeddedPostgres(config.database.directory)
      : { ...config.database, stop: async () => undefined };
  try {
    if (options.migrate) await runMigrations(connection.ownerUrl, roleOf(connection.appUrl));
  } catch (error) {
    await connection.stop();
    throw error;
  }
  return connection;
}
