import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { harness } from './harness-env';

/** Stops the harness's services and drops everything this run created, and nothing else. */
export default async function globalTeardown(): Promise<void> {
  const running = globalThis.foyerHarness;
  const environment = harness();
  running?.s3.kill('SIGTERM');
  await new Promise<void>((resolve) => (running ? running.smtp.close(() => resolve()) : resolve()));
  await running?.stripe.stop();

  const admin = new Client({ connectionString: environment.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`foyer_t_${environment.runId}_%`, environment.templateDatabase],
    );
    for (const { datname } of rows)
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }

  const redis = new Redis(environment.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `foyer_t_${environment.runId}_*`,
      'COUNT',
      500,
    );
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();

  await fs.rm(path.join(environment.artifactsDirectory, 'runs', environment.runId), {
    recursive: true,
    force: true,
  });
}
