import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { ownerQuery } from '../../factories/owner-sql';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';
import { handArchive, HandEntry } from './import-helpers';

const FOYER = path.resolve(__dirname, '../../../bin/foyer.js');
/** The attempts of an import job (IMPORT_ATTEMPTS). */
const ATTEMPTS = 3;

interface ImportRow extends Record<string, unknown> {
  status: string;
  attempts: number;
  target_household_id: string | null;
}

/**
 * A job that takes its process down every time it runs (a poison input) must end `failed` once
 * its attempts are spent, and the start after that must be clean. The built program serves on
 * the embedded default's in-process PostgreSQL queue (no Redis), with the disk storage driver;
 * it is killed (SIGKILL, nothing can clean up) each time the import is restoring, as an archive
 * that exhausts the heap would kill it.
 */
describe('imports: a job that kills its process every time', () => {
  jest.setTimeout(600_000);

  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let base: string;
  let serving: ChildProcess | null = null;
  let output = '';

  async function serve(): Promise<void> {
    serving = spawn(process.execPath, [FOYER, 'serve'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serving.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serving.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (serving.exitCode !== null || Date.now() > deadline) {
        throw new Error(`foyer serve did not get ready:\n${output.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function kill(): Promise<void> {
    const running = serving;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    serving = null;
  }

  async function importRow(id: string): Promise<ImportRow> {
    const [row] = await ownerQuery<ImportRow>(
      db,
      'SELECT status, attempts, target_household_id FROM imports WHERE id = $1',
      [id],
    );
    return row;
  }

  async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function api(method: string, route: string, token?: string, body?: unknown) {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: {
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(token && { Authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-poison-'));
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      FOYER_DATA_DIR: dataDir,
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_URL: db.appUrl,
      FOYER_MASTER_KEY: randomBytes(32).toString('base64'),
      FOYER_PUBLIC_URL: base,
      FOYER_SIGNUP: 'open',
      PORT: String(port),
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await kill();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends failed after its attempts, cleaned up, and the next start stays up', async () => {
    await serve();
    const account = { email: 'operator@example.com', password: 'a long operator passphrase' };
    expect(
      (await api('POST', '/api/v1/auth/signup', undefined, { ...account, displayName: 'Op' }))
        .status,
    ).toBe(201);
    await ownerQuery(db, 'UPDATE users SET is_instance_admin = true WHERE email = $1', [
      account.email,
    ]);
    const token = (await api('POST', '/api/v1/auth/login', undefined, account)).body
      .accessToken as string;

    // Enough files that each attempt is still restoring when it is killed.
    const entries: HandEntry[] = [
      { path: 'files/', data: '' },
      ...Array.from({ length: 3000 }, (_, index) => ({
        path: `files/file-${index}.txt`,
        data: `content ${index}`,
      })),
    ];
    const archive = path.join(dataDir, 'poison.zip');
    await handArchive(archive, entries, {
      slug: 'poisoned',
      members: [
        {
          id: '11111111-1111-4111-8111-111111111111',
          email: 'owner-of-poison@example.com',
          displayName: 'Owner',
          role: 'owner',
        },
      ],
    });
    const upload = await fetch(`${base}/api/v1/imports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/zip' },
      body: readFileSync(archive),
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };

    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // Killed while restoring into the hidden household: what a heap-exhausting input does.
      await waitFor(
        `attempt ${attempt} to be restoring`,
        () => importRow(id),
        (row) =>
          row.attempts === attempt && row.status === 'importing' && !!row.target_household_id,
      );
      await kill();
      if (attempt < ATTEMPTS) await serve();
    }
    const killedDuring = await importRow(id);
    const hidden = killedDuring.target_household_id as string;
    expect(await ownerQuery(db, 'SELECT 1 FROM households WHERE id = $1', [hidden])).toHaveLength(
      1,
    );
    expect(filesNamed(path.join(dataDir, 'objects'), id)).not.toEqual([]);

    // The start after the last attempt: the job is out of attempts, so it fails and is undone.
    await serve();
    const ended = await waitFor(
      'the import to end',
      () => importRow(id),
      (row) => row.status === 'failed',
    );
    expect(ended.attempts).toBe(ATTEMPTS);
    const view = await api('GET', `/api/v1/imports/${id}`, token);
    expect(view.body).toMatchObject({
      status: 'failed',
      error: { code: 'IMPORT_RESTORE_FAILED', message: expect.stringMatching(/Interrupted/) },
    });
    const [job] = await ownerQuery<{ state: string; attempts: number }>(
      db,
      `SELECT state, attempts FROM jobs WHERE name = 'imports.import-household'`,
    );
    expect(job).toEqual({ state: 'failed', attempts: ATTEMPTS });
    // Nothing of it is left: no household without members, no account it made, no archive.
    expect(await ownerQuery(db, 'SELECT 1 FROM households WHERE id = $1', [hidden])).toEqual([]);
    expect(
      await ownerQuery(
        db,
        `SELECT h.id FROM households h
          WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.household_id = h.id)`,
      ),
    ).toEqual([]);
    expect(
      await ownerQuery(db, 'SELECT 1 FROM users WHERE email = $1', ['owner-of-poison@example.com']),
    ).toEqual([]);
    expect(existsSync(path.join(dataDir, 'imports', `${id}.zip`))).toBe(false);
    expect(filesNamed(path.join(dataDir, 'objects'), id)).toEqual([]);

    // And it stays up: no crash loop, the job is not taken again.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(serving?.exitCode).toBeNull();
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await importRow(id)).attempts).toBe(ATTEMPTS);
  });
});

/** Paths under `root` whose name contains `fragment` (the imports bucket keys by import id). */
function filesNamed(root: string, fragment: string): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.name.includes(fragment)) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}
