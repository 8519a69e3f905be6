/**
 * The api as a child process of `npm run bench:files`, so that its memory (VmHWM) is its own:
 * reads the configuration as JSON from FOYER_BENCH_ENV, listens on 127.0.0.1 (a free port) and
 * prints `READY <url>` once it does.
 */
import { Logger } from '@nestjs/common';
import { loadConfig } from '@foyer/core';
import { createApiApplication } from '../apps/api/src/api-application';

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const env = JSON.parse(process.env.FOYER_BENCH_ENV ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  const app = await createApiApplication(
    config,
    { appUrl: env.DATABASE_APP_URL },
    { consumeJobs: true },
  );
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  process.stdout.write(`READY ${url}\n`);
  process.on('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
