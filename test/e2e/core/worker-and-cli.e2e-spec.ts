import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import request from 'supertest';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, Stoppable } from '@foyer/core';
import { createApiApplication } from '../../../apps/api/src/api-application';
import { startWorker } from '../../../apps/worker/src/start-worker';
import { S3_ACCESS_KEY, S3_SECRET_KEY, harness } from '../../harness/harness-env';
import { waitForMail } from '../../harness/mailbox';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';

const run = promisify(execFile);
const FOYER = path.resolve(__dirname, '..', '..', '..', 'bin', 'foyer.js');

function hostedEnvironment(db: TestDatabase): Record<string, string> {
  const environment = harness();
  return {
    DATABASE_URL: db.ownerUrl,
    DATABASE_APP_URL: db.appUrl,
    FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
    REDIS_URL: environment.redisUrl,
    FOYER_QUEUE_PREFIX: db.name,
    S3_ENDPOINT: environment.s3Endpoint,
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    SMTP_URL: `smtp://127.0.0.1:${environment.smtpPort}`,
    FOYER_SIGNUP: 'open',
    LOG_LEVEL: 'silent',
  };
}

describe('hosted mode: the api enqueues, a separate worker processes', () => {
  let db: TestDatabase;
  let api: NestExpressApplication;
  let worker: Stoppable | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig(hostedEnvironment(db));
    api = await createApiApplication(config, { appUrl: db.appUrl }, { consumeJobs: false });
    await api.init();
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await db?.drop();
  });

  it('sends the verification mail only once the worker runs', async () => {
    const email = `worker-${randomBytes(4).toString('hex')}@example.com`;
    await request(api.getHttpServer())
      .post('/api/v1/auth/signup')
      .send({ email, password: 'a long enough passphrase', displayName: 'Wren' })
      .expect(201);
    const waiting = await request(api.getHttpServer()).get('/metrics').expect(200);
    expect(waiting.text).toMatch(/foyer_jobs\{queue="mail",state="waiting"\} 1/);

    worker = await startWorker(loadConfig(hostedEnvironment(db)));
    const mail = await waitForMail(email, { subject: /confirm your email/i });
    expect(mail.links.some((link) => link.includes('/verify-email?token='))).toBe(true);
  });

  it('refuses to start a worker without Redis, saying why', async () => {
    const { REDIS_URL: _redis, ...withoutRedis } = hostedEnvironment(db);
    await expect(startWorker(loadConfig(withoutRedis))).rejects.toThrow(/REDIS_URL/);
  });
});

describe('the foyer command', () => {
  it('lists its commands', async () => {
    const { stdout } = await run(process.execPath, [FOYER, '--help']);
    for (const command of ['serve', 'worker', 'db']) expect(stdout).toContain(command);
  });

  it('migrates a database and exits (npm run migrate)', async () => {
    const db = await createTestDatabase();
    const admin = new Client({ connectionString: harness().adminUrl });
    await admin.connect();
    const empty = `${db.name}_empty`;
    try {
      await admin.query(`CREATE DATABASE ${empty} OWNER ${harness().ownerRole}`);
      const ownerUrl = db.ownerUrl.replace(db.name, empty);
      const owner = new Client({ connectionString: ownerUrl });
      await owner.connect();
      await owner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      await owner.end().catch(() => undefined);
      await run(process.execPath, [FOYER, 'db', 'migrate'], {
        env: {
          ...process.env,
          ...hostedEnvironment(db),
          DATABASE_URL: ownerUrl,
          DATABASE_APP_URL: db.appUrl.replace(db.name, empty),
        },
      });
      const migrated = new Client({ connectionString: ownerUrl });
      await migrated.connect();
      const { rows } = await migrated.query<{ name: string }>(
        'SELECT name FROM migrations ORDER BY id',
      );
      await migrated.end();
      expect(rows.map((row) => row.name)).toContain('TenancyFoundation1764100000000');
      expect(rows.length).toBeGreaterThanOrEqual(3);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
      await admin.end();
      await db.drop();
    }
  });

  it('stops with a message naming a bad variable', async () => {
    const failure = await run(process.execPath, [FOYER, 'db', 'migrate'], {
      env: { ...process.env, PORT: 'eighty', FOYER_SIGNUP: 'maybe' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/PORT/);
    expect((failure as { stderr: string }).stderr).toMatch(/FOYER_SIGNUP/);
  });
});
