import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { findFreePort } from '../../../libs/core/src/database/free-port';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `npm start` exactly as a person types it, with only the data folder and port chosen. */
async function npmStart(dataDir: string, port: number): Promise<Started> {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FOYER_DATA_DIR: dataDir,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, url, output: () => output };
    if (Date.now() > deadline) throw new Error(`npm start did not get ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Ctrl-C in the terminal: the signal goes to the whole process group (npm, the shell and Foyer).
 * npm itself dies of the signal; what matters is that Foyer stops cleanly, PostgreSQL included.
 */
async function stop(started: Started, dataDir: string, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  process.kill(-started.child.pid!, signal);
  await exited;
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const deadline = Date.now() + 60_000;
  while (!/\bStopped\b/.test(started.output()) || existsSync(pidFile)) {
    if (Date.now() > deadline) throw new Error(`Foyer did not stop cleanly:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(started.output()).toContain('Embedded PostgreSQL stopped');
  expect(started.output()).not.toMatch(/Stopping failed|ERROR/);
}

/**
 * What a person reads when Foyer starts: what concerns them (the database, a master key to back
 * up), no line per module or route and no warning meant for developers, and "Foyer is ready at"
 * last, before the requests it then serves.
 */
function expectPlainStartLog(output: string, port: number): void {
  expect(output).not.toMatch(/Mapped \{|dependencies initialized|Duplicate DTO/);
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const ready = lines.findIndex((line) => line.includes('Foyer is ready at'));
  expect(ready).toBeGreaterThan(-1);
  expect(lines[ready]).toContain(`"msg":"Foyer is ready at http://localhost:${port}"`);
  // Only the requests it serves come after (the readiness checks of this test among them).
  expect(lines.slice(ready + 1).filter((line) => !line.includes('"req":'))).toEqual([]);
  expect(lines.slice(0, ready).join('\n').length).toBeLessThan(10_000);
}

describe('npm start on the embedded default', () => {
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-embedded-'));
    // mkdtemp makes the folder private to root; PostgreSQL runs as its own user and must reach it.
    chmodSync(dataDir, 0o755);
    port = await findFreePort();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const account = {
    email: 'first@family.example',
    password: 'correct horse battery',
    displayName: 'First',
  };

  it('serves, takes the first account, stops cleanly, and keeps the data for the next start', async () => {
    const first = await npmStart(dataDir, port);
    try {
      expectPlainStartLog(first.output(), port);
      const signup = await request(first.url).post('/api/v1/auth/signup').send(account).expect(201);
      expect(signup.body).toMatchObject({ email: account.email, emailVerified: true });
      const login = await request(first.url)
        .post('/api/v1/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
      const me = await request(first.url)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({ email: account.email, isInstanceAdmin: true });
      // Later accounts need an invite on the embedded default.
      const second = await request(first.url)
        .post('/api/v1/auth/signup')
        .send({
          email: 'second@family.example',
          password: 'another long passphrase',
          displayName: 'Second',
        })
        .expect(403);
      expect(second.body.code).toBe('SIGNUP_INVITE_REQUIRED');
      // Mail goes to the outbox, with the link in the log.
      await request(first.url)
        .post('/api/v1/auth/password-reset')
        .send({ email: account.email })
        .expect(202);
      const outbox = path.join(dataDir, 'outbox');
      const deadline = Date.now() + 30_000;
      while (!(existsSync(outbox) && readdirSync(outbox).some((name) => name.endsWith('.eml')))) {
        if (Date.now() > deadline) throw new Error(`no mail in the outbox:\n${first.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(first.output()).toContain('/reset-password?token=');
    } finally {
      await stop(first, dataDir, 'SIGINT');
    }

    const again = await npmStart(dataDir, port);
    try {
      await request(again.url)
        .post('/api/v1/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
    } finally {
      await stop(again, dataDir, 'SIGTERM');
    }
  });
});
