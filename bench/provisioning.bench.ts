/**
 * `npm run bench:provisioning`: creates households through the HTTP API and measures
 * - time-to-active (POST /api/v1/households until the household is `active`), p50 and p95, seen
 *   by the client (polling) and by the database (created_at → the activation's updated_at);
 * - what one empty household costs in the database: per table, its rows and their bytes
 *   (`pg_column_size` of the whole row), and the tables' growth on disk (indexes included);
 * - a reference measured in the same run, on the same database: a bare INSERT of a household row
 *   over one connection, and the ratio of time-to-active to it.
 *
 * Set-up: the api as the tests boot it (createApiApplication, job consumers in process) on a fresh
 * database of the local PostgreSQL server (migrated, the application connecting as a role under
 * row-level security), with the embedded default's drivers in a temporary FOYER_DATA_DIR: the
 * disk object storage and the in-process job queue (kept in PostgreSQL). No Redis, S3 or SMTP.
 *
 * Arguments: `--households N` (default 1000), `--concurrency N` (requests in flight, default 4),
 * `--admin-url postgresql://...` (a superuser of the local server, default as the test harness).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@foyer/core';
import { createApiApplication } from '../apps/api/src/api-application';
import { POSTGRES_ADMIN_URL } from '../test/harness/harness-env';
import {
  benchDatabaseName,
  benchEnvironment,
  call,
  createDatabase,
  dropDatabase,
  ms,
  signUpVerifiedUser,
  summary,
  withClient,
} from './bench-support';

interface Options {
  households: number;
  concurrency: number;
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { households: 1000, concurrency: 4, adminUrl: POSTGRES_ADMIN_URL };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--households') options.households = Number(value);
    else if (name === '--concurrency') options.concurrency = Number(value);
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name}`);
  }
  if (!(options.households >= 1) || !(options.concurrency >= 1)) {
    throw new Error('--households and --concurrency are positive numbers');
  }
  return options;
}

interface TableCost {
  table: string;
  rows: number;
  bytes: number;
}

/** Every table with a household_id column (control-plane and tenant alike). */
async function householdTables(superuserUrl: string): Promise<string[]> {
  return withClient(superuserUrl, async (client) => {
    const { rows } = await client.query<{ table: string }>(`
      SELECT c.relname AS table
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'household_id' AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p')
       ORDER BY 1`);
    return rows.map((row) => row.table);
  });
}

/** Rows and row bytes per table for the given households, seen past row-level security. */
async function rowCosts(
  superuserUrl: string,
  tables: string[],
  householdIds: string[],
): Promise<TableCost[]> {
  return withClient(superuserUrl, async (client) => {
    const costs: TableCost[] = [];
    const measure = async (table: string, where: string) => {
      const { rows } = await client.query<{ rows: number; bytes: number }>(
        `SELECT count(*)::int AS rows, coalesce(sum(pg_column_size(t.*)), 0)::int AS bytes
           FROM "${table}" t WHERE ${where}`,
        [householdIds],
      );
      costs.push({ table, rows: rows[0].rows, bytes: rows[0].bytes });
    };
    await measure('households', 't.id = ANY($1::uuid[])');
    for (const table of tables) await measure(table, 't.household_id = ANY($1::uuid[])');
    // Not the household's data, but kept a week after it ran: the completed provisioning job.
    await measure('jobs', `t.payload->>'householdId' = ANY($1::text[])`);
    return costs;
  });
}

/** Total on-disk size (heap, indexes, TOAST) of each table, in bytes. */
async function tableSizes(superuserUrl: string, tables: string[]): Promise<Map<string, number>> {
  return withClient(superuserUrl, async (client) => {
    await client.query('CHECKPOINT');
    const { rows } = await client.query<{ table: string; bytes: string }>(
      `SELECT relname AS table, pg_total_relation_size(oid)::text AS bytes
         FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r'`,
      [tables],
    );
    return new Map(rows.map((row) => [row.table, Number(row.bytes)]));
  });
}

/** The reference: a bare INSERT of a household row, one statement per round trip. */
async function referenceInsert(ownerUrl: string, userId: string, count: number): Promise<number[]> {
  return withClient(ownerUrl, async (client) => {
    const timings: number[] = [];
    const tag = randomBytes(3).toString('hex');
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await client.query(
        `INSERT INTO households (slug, name, status, created_by) VALUES ($1, $2, 'active', $3)`,
        [`ref-${tag}-${i}`, `Reference ${i}`, userId],
      );
      timings.push(performance.now() - started);
    }
    await client.query(`DELETE FROM households WHERE slug LIKE $1`, [`ref-${tag}-%`]);
    return timings;
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  Logger.overrideLogger(['error']);
  const runStarted = performance.now();
  const databaseName = benchDatabaseName();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-bench-'));
  console.log(
    `Provisioning benchmark: ${options.households} households, ${options.concurrency} requests in flight`,
  );
  console.log(
    `Set-up: api in process, fresh database ${databaseName} on the local PostgreSQL, disk object ` +
      `storage and the in-process job queue in ${dataDir}\n`,
  );

  const db = await createDatabase(options.adminUrl, databaseName);
  const config = loadConfig(benchEnvironment(db, dataDir));
  const app = await createApiApplication(config, { appUrl: db.appUrl }, { consumeJobs: true });
  try {
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    // One verified user, signed in.
    const { userId, token } = await signUpVerifiedUser(base, db.ownerUrl);

    const tenantTables = await householdTables(db.superuserUrl);
    const tables = ['households', ...tenantTables, 'jobs'];
    const sizesBefore = await tableSizes(db.superuserUrl, tables);

    // Create and wait, `concurrency` households at a time.
    const clientTimes: number[] = [];
    const postTimes: number[] = [];
    const ids: string[] = [];
    let next = 0;
    const createStarted = performance.now();
    const worker = async () => {
      for (let i = next++; i < options.households; i = next++) {
        const started = performance.now();
        const created = await call(base, 'POST', '/api/v1/households', token, {
          name: `Bench Household ${String(i).padStart(5, '0')}`,
        });
        if (created.status !== 202) {
          throw new Error(`POST /households: ${created.status} ${JSON.stringify(created.body)}`);
        }
        postTimes.push(performance.now() - started);
        const id = created.body.id as string;
        ids.push(id);
        for (;;) {
          const shown = await call(base, 'GET', `/api/v1/households/${id}`, token);
          if (shown.body.status === 'active') break;
          if (performance.now() - started > 60_000)
            throw new Error(`${id} is not active after 60 s`);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        clientTimes.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const createSeconds = (performance.now() - createStarted) / 1000;

    // The database's own view: from the row's creation to the activation's update.
    const serverTimes = await withClient(db.superuserUrl, async (client) => {
      const { rows } = await client.query<{ ms: number }>(
        `SELECT extract(epoch FROM updated_at - created_at) * 1000 AS ms
           FROM households WHERE id = ANY($1::uuid[]) AND status = 'active'`,
        [ids],
      );
      return rows.map((row) => Number(row.ms));
    });
    if (serverTimes.length !== ids.length) throw new Error('Some households are not active');

    const sizesAfter = await tableSizes(db.superuserUrl, tables);
    const one = await rowCosts(db.superuserUrl, tenantTables, [ids[Math.floor(ids.length / 2)]]);
    const all = await rowCosts(db.superuserUrl, tenantTables, ids);
    const buckets = readdirSync(path.join(dataDir, 'objects')).filter((name) =>
      name.startsWith('foyer-hh-'),
    ).length;

    const reference = await referenceInsert(db.ownerUrl, userId, options.households);

    const client = summary(clientTimes);
    const server = summary(serverTimes);
    const post = summary(postTimes);
    const insert = summary(reference);

    console.log('Time to active');
    console.log(
      `  seen by the client (POST → GET shows active): p50 ${ms(client.p50)}, p95 ${ms(client.p95)}, max ${ms(client.max)}`,
    );
    console.log(
      `  in the database (created_at → activation):   p50 ${ms(server.p50)}, p95 ${ms(server.p95)}, max ${ms(server.max)}`,
    );
    console.log(
      `  POST /api/v1/households alone (202):          p50 ${ms(post.p50)}, p95 ${ms(post.p95)}`,
    );
    console.log(
      `  throughput: ${options.households} households in ${createSeconds.toFixed(1)} s ` +
        `(${(options.households / createSeconds).toFixed(1)} per second)`,
    );
    console.log(
      '\nReference (same run, same database): bare INSERT of a household row, one connection',
    );
    console.log(`  p50 ${ms(insert.p50)}, p95 ${ms(insert.p95)}`);
    console.log(
      `  ratio time-to-active / bare INSERT: p50 ${(client.p50 / insert.p50).toFixed(1)}x (client), ` +
        `${(server.p50 / insert.p50).toFixed(1)}x (database); p95 ${(client.p95 / insert.p95).toFixed(1)}x (client)`,
    );

    console.log(
      '\nDatabase cost of one empty household (rows with its id; bytes = sum of pg_column_size)',
    );
    console.log(
      '  table              rows   bytes   | mean over all: rows   bytes   | table growth on disk / household',
    );
    let totalRows = 0;
    let totalBytes = 0;
    for (const cost of one) {
      const mean = all.find((entry) => entry.table === cost.table)!;
      const growth = (sizesAfter.get(cost.table) ?? 0) - (sizesBefore.get(cost.table) ?? 0);
      if (cost.table !== 'jobs') {
        totalRows += cost.rows;
        totalBytes += cost.bytes;
      }
      console.log(
        `  ${cost.table.padEnd(18)} ${String(cost.rows).padStart(4)} ${String(cost.bytes).padStart(7)}   | ` +
          `${(mean.rows / ids.length).toFixed(2).padStart(18)} ${(mean.bytes / ids.length).toFixed(0).padStart(7)}   | ` +
          `${(growth / ids.length).toFixed(0)} bytes (indexes included)`,
      );
    }
    console.log(
      `  total (without the job row): ${totalRows} rows, ${totalBytes} bytes of row data`,
    );
    console.log(`  object storage: ${buckets} bucket folders, one per household, empty`);
    console.log(`\nRun took ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
    await dropDatabase(options.adminUrl, databaseName);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
