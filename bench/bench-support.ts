/**
 * What the benchmarks share: a fresh, migrated database of the local PostgreSQL server (an owner
 * and an application role under row-level security, as the test harness makes), the environment
 * the api boots with on it, a signed-in verified user, JSON calls to the api, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { Client } from 'pg';
import { runMigrations } from '@foyer/core';

const OWNER_ROLE = 'foyer_bench_owner';
const APP_ROLE = 'foyer_bench_app';

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, role: string | undefined, database: string): string {
  const url = new URL(adminUrl);
  if (role) {
    url.username = role;
    url.password = '';
  }
  url.pathname = `/${database}`;
  return url.toString();
}

export interface BenchDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  superuserUrl: string;
}

/** A unique name for a benchmark's database. */
export function benchDatabaseName(): string {
  return `foyer_bench_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A fresh, migrated database with an owner and an application role, as the harness makes. */
export async function createDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  await withClient(adminUrl, async (admin) => {
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!exists.rowCount) {
        await admin
          .query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`)
          .catch((error: { code?: string }) => {
            // Created meanwhile by a benchmark running beside this one.
            if (error.code !== '42710' && error.code !== '23505') throw error;
          });
      }
    }
    await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}`);
  });
  await withClient(databaseUrl(adminUrl, undefined, name), async (superuser) => {
    await superuser.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
    await superuser.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  });
  const ownerUrl = databaseUrl(adminUrl, OWNER_ROLE, name);
  await runMigrations(ownerUrl, APP_ROLE);
  return {
    name,
    ownerUrl,
    appUrl: databaseUrl(adminUrl, APP_ROLE, name),
    superuserUrl: databaseUrl(adminUrl, undefined, name),
  };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

/** The environment the api boots with on the database: embedded drivers in `dataDir`. */
export function benchEnvironment(db: BenchDatabase, dataDir: string): Record<string, string> {
  return {
    FOYER_DATA_DIR: dataDir,
    DATABASE_URL: db.ownerUrl,
    DATABASE_APP_URL: db.appUrl,
    FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
    FOYER_SIGNUP: 'open',
    LOG_LEVEL: 'silent',
  };
}

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One JSON request to the api (bearer token and body optional). */
export async function call(
  base: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<JsonResponse> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Signs up a new user through the api, verifies its email in the database, and signs it in. */
export async function signUpVerifiedUser(
  base: string,
  ownerUrl: string,
): Promise<{ userId: string; token: string; email: string }> {
  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const password = `Bench-${randomBytes(12).toString('base64url')}`;
  const signup = await call(base, 'POST', '/api/v1/auth/signup', undefined, {
    email,
    password,
    displayName: 'Bench',
  });
  if (signup.status !== 201)
    throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.body)}`);
  const userId = signup.body.id as string;
  await withClient(ownerUrl, (client) =>
    client.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [userId]),
  );
  const login = await call(base, 'POST', '/api/v1/auth/login', undefined, { email, password });
  return { userId, token: login.body.accessToken as string, email };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(values: number[]): { p50: number; p95: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

export const ms = (value: number): string => `${value.toFixed(2)} ms`;

const BUILT_PROGRAM = path.resolve(__dirname, '..', 'bin', 'foyer.js');

/** A TCP port free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('No free port');
  return address.port;
}

/**
 * The Node options `npm start` (or `npm run start:worker`) runs Foyer with (its heap budget, see
 * docs/decisions/0014), read from package.json so that a benchmark measures the program as it is
 * started.
 */
export function startNodeOptions(script: 'start' | 'start:worker' = 'start'): string[] {
  const manifest = JSON.parse(
    readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  const words = manifest.scripts[script].split(/\s+/);
  const program = words.indexOf('bin/foyer.js');
  if (words[0] !== 'node' || program < 0) throw new Error('Unexpected npm start script');
  return words.slice(1, program);
}

/**
 * A command of the built program (`npm run build` first) in a child process with exactly `env`
 * and `nodeOptions`, so that its memory (VmHWM) and speed are the product's, not a development
 * loader's. Resolves once `ready()` says so; a process that exits first, or fails to start, is
 * stopped before the error is thrown.
 */
async function startBuiltProgram(
  command: 'serve' | 'worker',
  env: Record<string, string>,
  nodeOptions: readonly string[],
  ready: () => Promise<boolean>,
): Promise<ChildProcess> {
  if (!existsSync(path.resolve(__dirname, '..', 'dist', 'apps', 'cli'))) {
    throw new Error('The benchmark runs the built program: run `npm run build` first');
  }
  const child = spawn(process.execPath, [...nodeOptions, BUILT_PROGRAM, command], {
    env: {
      PATH: process.env.PATH ?? '',
      // For profiling a run (`BENCH_NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2`).
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  try {
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(`foyer ${command} exited (${exitCode}) before it was ready`);
      }
      if (await ready()) return child;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}

/**
 * The api as people run it: `foyer serve` of the built program, with the Node options of
 * `npm start` unless others are given (`[]`: Node's own defaults). Ready once /health answers.
 */
export async function startBuiltApi(
  env: Record<string, string>,
  nodeOptions: readonly string[] = startNodeOptions(),
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await startBuiltProgram('serve', { ...env, PORT: String(port) }, nodeOptions, () =>
    fetch(`${base}/health`).then(
      (response) => response.ok,
      () => false,
    ),
  );
  return { child, base };
}

/**
 * The hosted worker (`env` names REDIS_URL): `foyer worker` of the built program, with the Node
 * options of `npm run start:worker` unless others are given. Ready once its first heartbeat is
 * written, which happens after every module, queue consumer included, is up.
 */
export async function startBuiltWorker(
  env: Record<string, string>,
  heartbeatFile: string,
  nodeOptions: readonly string[] = startNodeOptions('start:worker'),
): Promise<{ child: ChildProcess }> {
  rmSync(heartbeatFile, { force: true });
  const child = await startBuiltProgram(
    'worker',
    { ...env, FOYER_WORKER_HEARTBEAT_FILE: heartbeatFile },
    nodeOptions,
    async () => existsSync(heartbeatFile),
  );
  return { child };
}

/** SIGTERM, then waits for the exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The test harness's S3 server (s3rver and its bridges) in a child process. */
export async function startS3Server(
  directory: string,
): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '-r',
      'ts-node/register/transpile-only',
      path.join(__dirname, '..', 'test', 'harness', 'services', 's3-server.ts'),
      directory,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The S3 server exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve((JSON.parse(line) as { port: number }).port),
    );
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

/** Deletes every Redis key a benchmark's queues made under `prefix`. */
export async function dropRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
