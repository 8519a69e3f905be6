import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { createFolder, uploadFile } from '../../factories/file.factory';
import { S3_ACCESS_KEY, S3_SECRET_KEY, harness } from '../../harness/harness-env';
import { createTestApp, TestApp } from '../../harness/test-app';
import { FilesFixture, ownerWithHousehold } from '../files/files-fixture';
import { FOYER, Ran, runFoyer } from './built-foyer';

describe('foyer export and foyer verify (the built program, hosted mode)', () => {
  let testApp: TestApp;
  let fx: FilesFixture;
  let directory: string;
  let env: NodeJS.ProcessEnv;

  /** Runs `foyer <args>` as a person would, on the test app's database, bucket and queue. */
  const foyer = (...args: string[]): Promise<Ran> => runFoyer(args, env, 120_000);

  async function leftovers(): Promise<string[]> {
    return (await fs.readdir(directory)).filter((name) => name.endsWith('.partial'));
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await ownerWithHousehold(testApp, 'CLI export');
    await createFolder(testApp, fx.owner, fx.home.id, '/Photos/2026 summer');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Photos/2026 summer/beach 🏖.jpg', 'sand');
    await uploadFile(testApp, fx.owner, fx.home.id, '/notes.txt', 'remember the milk\n');
    directory = mkdtempSync(path.join(tmpdir(), 'foyer-export-cli-'));
    const environment = harness();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FOYER_DATA_DIR: path.join(directory, 'data'),
      DATABASE_URL: testApp.db.ownerUrl,
      DATABASE_APP_URL: testApp.db.appUrl,
      FOYER_MASTER_KEY: testApp.config.masterKey,
      REDIS_URL: environment.redisUrl,
      FOYER_QUEUE_PREFIX: testApp.db.name,
      S3_ENDPOINT: environment.s3Endpoint,
      S3_ACCESS_KEY,
      S3_SECRET_KEY,
      SMTP_URL: `smtp://127.0.0.1:${environment.smtpPort}`,
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await testApp?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('exports a household by its slug, with progress, then verifies it', async () => {
    const out = path.join(directory, 'family.zip');
    const exported = await foyer('export', '--household', fx.home.slug, '--out', out);
    expect(exported.stderr).toMatch(new RegExp(`Exporting ${fx.home.slug}: 100% `));
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stdout).toContain(`Exported "CLI export" (${fx.home.slug}) to ${out}`);
    const written = await fs.stat(out);
    expect(written.size).toBeGreaterThan(0);
    // The family's private data: readable by its owner only.
    expect(written.mode & 0o777).toBe(0o600);
    expect(await leftovers()).toEqual([]);

    const verified = await foyer('verify', out);
    expect(verified.stdout).toMatch(/^OK: the archive is complete/m);
    expect(verified.stdout).toContain(`Household: CLI export (${fx.home.slug}, ${fx.home.id})`);
    expect(verified.code).toBe(0);

    const json = await foyer('verify', '--json', out);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      ok: true,
      format: 'foyer-export',
      version: 1,
      household: { id: fx.home.id, slug: fx.home.slug },
      problems: [],
    });
    expect(report.counts.files).toBeGreaterThanOrEqual(2);
  });

  it('exports by id too', async () => {
    const out = path.join(directory, 'by-id.zip');
    const exported = await foyer('export', '--household', fx.home.id, '--out', out);
    expect(exported.stderr).not.toMatch(/error/i);
    expect(exported.code).toBe(0);
    expect((await foyer('verify', out)).code).toBe(0);
  });

  it('refuses an unknown household, writing nothing', async () => {
    const out = path.join(directory, 'nobody.zip');
    const result = await foyer('export', '--household', 'no-such-home', '--out', out);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('There is no household "no-such-home"');
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await leftovers()).toEqual([]);
  });

  it('refuses an output folder that does not exist, and needs both options', async () => {
    const missing = await foyer(
      'export',
      '--household',
      fx.home.slug,
      '--out',
      path.join(directory, 'not', 'here.zip'),
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/does not exist/);
    const noOut = await foyer('export', '--household', fx.home.slug);
    expect(noOut.code).not.toBe(0);
    expect(noOut.stderr).toMatch(/--out/);
  });

  it('leaves nothing behind when interrupted (Ctrl-C) in the middle', async () => {
    // Big enough that the export is still streaming when the signal comes.
    await uploadFile(testApp, fx.owner, fx.home.id, '/big.bin', Buffer.alloc(96 * 1024 * 1024, 1));
    const out = path.join(directory, 'interrupted.zip');
    const child = spawn(
      process.execPath,
      [FOYER, 'export', '--household', fx.home.slug, '--out', out],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/Exporting .*: +\d+%/.test(stderr)) resolve();
      });
      child.once('exit', () => reject(new Error(`The export ended before it started:\n${stderr}`)));
    });
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toMatch(/Interrupted/);
    expect(code).not.toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(await leftovers()).toEqual([]);
    await request(testApp.server)
      .delete(`/api/v1/households/${fx.home.id}/files?path=${encodeURIComponent('/big.bin')}`)
      .set(fx.owner.auth)
      .expect(204);
  });

  it('fails verify on a corrupted archive with a readable report', async () => {
    const good = path.join(directory, 'to-corrupt.zip');
    expect((await foyer('export', '--household', fx.home.slug, '--out', good)).code).toBe(0);
    const bytes = await fs.readFile(good);
    // The notes are stored as they are: change one of their bytes.
    const at = bytes.indexOf(Buffer.from('remember the milk'));
    expect(at).toBeGreaterThan(0);
    bytes[at] ^= 0x20;
    const bad = path.join(directory, 'corrupted.zip');
    await fs.writeFile(bad, bytes);

    const result = await foyer('verify', bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/NOT VALID: 2 problems found/);
    expect(result.stdout).toMatch(/CRC_MISMATCH {2}files\/notes\.txt/);
    expect(result.stdout).toMatch(/CHECKSUM_MISMATCH {2}files\/notes\.txt/);

    const json = await foyer('verify', '--json', bad);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      problems: expect.arrayContaining([
        expect.objectContaining({ code: 'CHECKSUM_MISMATCH', path: 'files/notes.txt' }),
      ]),
    });
  });

  it('fails verify on something that is not an archive, or is not there', async () => {
    const text = path.join(directory, 'not-a-zip.zip');
    await fs.writeFile(text, 'hello');
    const notZip = await foyer('verify', text);
    expect(notZip.code).toBe(1);
    expect(notZip.stdout).toMatch(/NOT_A_ZIP/);

    const absent = await foyer('verify', path.join(directory, 'absent.zip'));
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/no such file/);
  });
});

describe('foyer export on the embedded default (its own PostgreSQL and disk storage)', () => {
  let dataDir: string;
  let serving: ChildProcess | undefined;
  let output = '';

  /** `foyer <args>` with only the data folder set, as a self-hoster runs it. */
  const foyer = (...args: string[]): Promise<Ran> => runFoyer(args, { FOYER_DATA_DIR: dataDir });

  async function json(
    url: string,
    method: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(token && { Authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  async function stopServing(): Promise<void> {
    if (!serving || serving.exitCode !== null) return;
    const exited = new Promise((resolve) => serving!.once('exit', resolve));
    process.kill(-serving.pid!, 'SIGINT');
    await exited;
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const deadline = Date.now() + 60_000;
    while (existsSync(pidFile)) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not stop:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-export-embedded-'));
    // PostgreSQL runs as its own user when the suite runs as root: it must reach the folder.
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    await stopServing().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses while Foyer serves the same data folder, then exports once it is stopped', async () => {
    const port = await findFreePort();
    serving = spawn(process.execPath, [FOYER, 'serve'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FOYER_DATA_DIR: dataDir,
        PORT: String(port),
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serving.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serving.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 180_000;
    while (
      !(await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (serving.exitCode !== null || Date.now() > deadline) {
        throw new Error(`foyer serve did not get ready:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const account = { email: 'self@host.example', password: 'a long self-hosted passphrase' };
    expect(
      (await json(`${base}/api/v1/auth/signup`, 'POST', { ...account, displayName: 'Self' }))
        .status,
    ).toBe(201);
    const token = (await json(`${base}/api/v1/auth/login`, 'POST', account)).body
      .accessToken as string;
    const created = await json(`${base}/api/v1/households`, 'POST', { name: 'At home' }, token);
    expect(created.status).toBe(202);
    const slug = created.body.slug as string;
    for (let i = 0; ; i++) {
      const state = await json(`${base}/api/v1/households/${slug}`, 'GET', undefined, token);
      if (state.body.status === 'active') break;
      if (i > 400)
        throw new Error(`The household did not become active: ${JSON.stringify(state.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const put = await fetch(
      `${base}/api/v1/households/${slug}/files/content?path=${encodeURIComponent('/letter.txt')}`,
      { method: 'PUT', headers: { Authorization: `Bearer ${token}` }, body: 'Dear family,\n' },
    );
    expect(put.status).toBe(201);

    const out = path.join(dataDir, 'at-home.zip');
    const refused = await foyer('export', '--household', slug, '--out', out);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Foyer is running on .*Stop it first/);
    // The running server was left alone.
    expect((await fetch(`${base}/health/ready`)).ok).toBe(true);
    expect(existsSync(out)).toBe(false);

    await stopServing();
    const exported = await foyer('export', '--household', slug, '--out', out);
    expect(exported.stderr).toMatch(new RegExp(`Exporting ${slug}: 100% `));
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`Exported "At home" (${slug})`);
    const verified = await foyer('verify', '--json', out);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, household: { slug } });
    // The embedded PostgreSQL the command started is stopped again.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});
