import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Server } from 'node:http';
import { NestExpressApplication } from '@nestjs/platform-express';
import { FoyerConfig, loadConfig } from '@foyer/core';
import { createApiApplication } from '../../apps/api/src/api-application';
import { S3_ACCESS_KEY, S3_SECRET_KEY, harness } from './harness-env';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  /** For supertest: `request(testApp.server)`. */
  server: Server;
  db: TestDatabase;
  config: FoyerConfig;
  close(): Promise<void>;
}

/**
 * The whole api in hosted mode on real services — a fresh database (as the application role,
 * RLS on), Bull on Redis, the harness's S3 and SMTP servers — with job handlers in this process.
 * `env` overrides any variable, as an operator would.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const environment = harness();
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-test-'));
  const config = loadConfig({
    FOYER_DATA_DIR: dataDir,
    DATABASE_URL: db.ownerUrl,
    DATABASE_APP_URL: db.appUrl,
    FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
    REDIS_URL: environment.redisUrl,
    FOYER_QUEUE_PREFIX: db.name,
    S3_ENDPOINT: environment.s3Endpoint,
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    SMTP_URL: `smtp://127.0.0.1:${environment.smtpPort}`,
    FOYER_PUBLIC_URL: 'http://foyer.test',
    FOYER_SIGNUP: 'open',
    // Every suite signs its people up from 127.0.0.1; the limit's own test sets a low one.
    FOYER_SIGNUP_LIMIT_PER_IP: '100000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApiApplication(config, { appUrl: db.appUrl }, { consumeJobs: true });
  await app.init();
  return {
    app,
    server: app.getHttpServer() as Server,
    db,
    config,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
