import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { runMigrations } from '../../libs/core/src/database/migrate';
import { StripeFake } from '../stripe-fake/stripe-fake';
import { POSTGRES_ADMIN_URL, REDIS_URL, publishHarness } from './harness-env';

const OWNER_ROLE = 'foyer_test_owner';
const APP_ROLE = 'foyer_test_app';

interface Running {
  s3: ChildProcess;
  smtp: SMTPServer;
  stripe: StripeFake;
  runId: string;
}

declare global {
  var foyerHarness: Running | undefined;
}

async function ensureRoles(admin: Client): Promise<void> {
  for (const role of [OWNER_ROLE, APP_ROLE]) {
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!exists.rowCount) {
      // Two test runs may start at once: a concurrent creation is fine.
      await admin
        .query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42710' && error.code !== '23505') throw error;
        });
    }
  }
}

async function createTemplate(admin: Client, name: string): Promise<void> {
  await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}`);
  const inTemplate = new Client({
    connectionString: POSTGRES_ADMIN_URL.replace(/\/postgres$/, `/${name}`),
  });
  await inTemplate.connect();
  await inTemplate.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
  await inTemplate.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  await inTemplate.end();
  await runMigrations(`postgresql://${OWNER_ROLE}@127.0.0.1:5432/${name}`, APP_ROLE);
}

function startS3(directory: string): Promise<{ child: ChildProcess; port: number }> {
  const script = path.join(__dirname, 'services', 's3-server.ts');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-r', 'ts-node/register/transpile-only', script, directory],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.json') },
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) =>
      resolve({ child, port: (JSON.parse(line) as { port: number }).port }),
    );
    child.once('exit', (code) => reject(new Error(`the S3 server exited (${code})`)));
  });
}

function startSmtp(mailDirectory: string): Promise<{ server: SMTPServer; port: number }> {
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        const name = `${Date.now()}-${process.pid}-${sequence++}`;
        const message = Buffer.concat(chunks);
        Promise.all(
          recipients.map(async (recipient) => {
            const folder = path.join(mailDirectory, recipient);
            await fs.mkdir(folder, { recursive: true });
            await fs.writeFile(path.join(folder, `${name}.eml`), message);
          }),
        ).then(() => callback(), callback);
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

/**
 * The suites that run `foyer` and `npm start` test the build, so the build must match the code;
 * one build here, before any worker starts, also keeps two suites from building at once.
 */
function build(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('npm run build failed: the suite tests the build');
}

export default async function globalSetup(): Promise<void> {
  Logger.overrideLogger(['error']);
  // For a focused run whose suites do not start the built program (CI always builds).
  if (process.env.FOYER_TEST_SKIP_BUILD !== '1') build();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const artifacts = path.resolve(__dirname, '..', '..', 'test-artifacts');
  const runDirectory = path.join(artifacts, 'runs', runId);
  const mailDirectory = path.join(runDirectory, 'mail');
  await fs.mkdir(mailDirectory, { recursive: true });

  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  const templateDatabase = `foyer_tpl_${runId}`;
  try {
    await ensureRoles(admin);
    await createTemplate(admin, templateDatabase);
  } finally {
    await admin.end();
  }

  const s3 = await startS3(path.join(runDirectory, 's3'));
  const smtp = await startSmtp(mailDirectory);
  const stripe = new StripeFake();
  const stripeApiUrl = await stripe.start();
  globalThis.foyerHarness = { s3: s3.child, smtp: smtp.server, stripe, runId };
  publishHarness({
    runId,
    adminUrl: POSTGRES_ADMIN_URL,
    templateDatabase,
    ownerRole: OWNER_ROLE,
    appRole: APP_ROLE,
    redisUrl: REDIS_URL,
    s3Endpoint: `http://127.0.0.1:${s3.port}`,
    smtpPort: smtp.port,
    stripeApiUrl,
    mailDirectory,
    artifactsDirectory: artifacts,
  });
}
