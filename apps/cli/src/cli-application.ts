import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { FoyerConfig, prepareDatabase, QuietBootLogger } from '@foyer/core';
import { WorkerModule } from '@foyer/worker';
import { CliError } from './cli-error';

/**
 * The embedded PostgreSQL has one server per data folder, and starting it stops one left
 * running: a one-shot command must not do that to a `foyer serve` that is running.
 */
export function refuseWhileServing(config: FoyerConfig): void {
  if (config.database.kind !== 'embedded') return;
  const pidFile = path.join(config.database.directory, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
    else return;
  } catch {
    return;
  }
  throw new CliError(
    `Foyer is running on ${config.dataDir} (its database, pid ${pid}, is up). Stop it first ` +
      '(Ctrl-C where it runs, or stop its service), then run this command again.',
  );
}

/** A one-shot command's output is its own; the application's info logs would bury it. */
function quieter(config: FoyerConfig): FoyerConfig {
  if (config.logLevel !== 'info') return config;
  return Object.assign(Object.create(Object.getPrototypeOf(config) as object) as FoyerConfig, {
    ...config,
    logLevel: 'warn',
  });
}

/**
 * Runs `work` inside the application as `foyer worker` builds it (the database embedded or
 * hosted per configuration), then closes everything, the embedded PostgreSQL included, whatever
 * happened. Pending migrations are applied first, as `foyer serve` does at start (under the same
 * advisory lock): `foyer migrate` and `foyer import` on a brand-new server, or `foyer export`
 * right after an upgrade, must work as the one command they are.
 */
export async function withApplication<T>(
  config: FoyerConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  refuseWhileServing(config);
  const settings = quieter(config);
  const connection = await prepareDatabase(settings);
  let app: INestApplicationContext | undefined;
  try {
    // The worker's modules (every library, its portable sections, exports), taking no jobs.
    app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(settings, connection, { consumeJobs: false }),
      { bufferLogs: true, abortOnError: false },
    );
    app.useLogger(new QuietBootLogger(app.get(Logger)));
    await app.init();
    return await work(app);
  } finally {
    await app?.close();
    await connection.stop();
  }
}
