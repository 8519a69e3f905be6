import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { handArchive } from '../imports/import-helpers';
import { embedded, runFoyer } from './built-foyer';

/**
 * Every command of the built `foyer` exits non-zero, with its reason on stderr, when it fails:
 * scripts (and people) must be able to trust the exit code. On the embedded default, on a data
 * directory of its own, as someone who runs Foyer at home would.
 */
describe('foyer: every command exits non-zero on failure (the built program)', () => {
  let work: string;
  let dataDir: string;
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'foyer-exit-codes-'));
    // PostgreSQL runs as its own user when the suite runs as root: it must reach the folder.
    chmodSync(work, 0o755);
    dataDir = path.join(work, 'data');
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
    // The data directory is made (database included) once, by a command that works.
    const ready = await runFoyer(['db', 'migrate'], embedded(dataDir));
    expect(ready).toMatchObject({ code: 0 });
  }, 300_000);
  afterAll(async () => {
    await new Promise((resolve) => busy?.close(resolve));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('import: an archive that fails verification', async () => {
    const archive = path.join(work, 'bad.zip');
    await handArchive(archive, [{ path: 'files/', data: '' }], {
      manifest: (manifest) => {
        (manifest.entries as { path: string; sha256: string }[])[0].sha256 = 'f'.repeat(64);
      },
    });
    const run = await runFoyer(['import', archive], embedded(dataDir));
    expect(run.stderr).toContain('Import failed');
    expect(run.code).toBe(1);
  }, 300_000);

  it('import: something that is not a ZIP, and no file at all', async () => {
    const garbage = path.join(work, 'garbage.zip');
    writeFileSync(garbage, 'not a zip');
    const notZip = await runFoyer(['import', garbage], embedded(dataDir));
    expect(notZip.stderr).toContain('NOT_A_ZIP');
    expect(notZip.code).toBe(1);
    const missing = await runFoyer(['import', path.join(work, 'nope.zip')], embedded(dataDir));
    expect(missing.stderr).toContain('There is no archive');
    expect(missing.code).toBe(1);
  }, 300_000);

  it('export: an unknown household', async () => {
    const run = await runFoyer(
      ['export', '--household', 'nobody-here', '--out', path.join(work, 'out.zip')],
      embedded(dataDir),
    );
    expect(run.stderr).toContain('There is no household "nobody-here"');
    expect(run.code).toBe(1);
  }, 300_000);

  it('verify: not an archive', async () => {
    const garbage = path.join(work, 'garbage-verify.zip');
    writeFileSync(garbage, 'not a zip');
    const run = await runFoyer(['verify', garbage], embedded(dataDir));
    expect(run.stderr).toContain(`${garbage} is not a valid foyer-export archive`);
    expect(run.code).toBe(1);
  }, 300_000);

  it('migrate: a source that cannot be reached', async () => {
    const nobody = await findFreePort();
    const run = await runFoyer(
      ['migrate', '--from', `http://127.0.0.1:${nobody}`, '--token', 'foyer-mig_x'],
      embedded(dataDir),
    );
    expect(run.stderr).toContain(`Cannot reach http://127.0.0.1:${nobody}`);
    expect(run.code).toBe(1);
  }, 300_000);

  it('admin: an unknown email, and a missing argument', async () => {
    const unknown = await runFoyer(['admin', 'grant', 'nobody@example.com'], embedded(dataDir));
    expect(unknown.stderr).toContain('ACCOUNT_NOT_FOUND');
    expect(unknown.code).toBe(1);
    const missing = await runFoyer(['admin', 'revoke'], embedded(dataDir));
    expect(missing.stderr).toContain("missing required argument 'email'");
    expect(missing.code).not.toBe(0);
  }, 300_000);

  it('db migrate: a database that cannot be reached', async () => {
    const run = await runFoyer(['db', 'migrate'], {
      ...embedded(path.join(work, 'hosted')),
      DATABASE_URL: `postgres://foyer:foyer@127.0.0.1:${busyPort}/foyer`,
    });
    expect(run.stderr).not.toBe('');
    expect(run.code).toBe(1);
  }, 300_000);

  it('serve: a port that is taken', async () => {
    const run = await runFoyer(['serve'], embedded(dataDir, { PORT: String(busyPort) }));
    expect(run.stderr).toMatch(/Foyer could not start: .*EADDRINUSE/);
    expect(run.code).toBe(1);
  }, 300_000);

  it('worker: without a queue to work for', async () => {
    const run = await runFoyer(['worker'], embedded(dataDir));
    expect(run.stderr).toContain('REDIS_URL');
    expect(run.code).toBe(1);
  }, 300_000);

  it('an unknown command', async () => {
    const run = await runFoyer(['frobnicate'], embedded(dataDir));
    expect(run.stderr).toContain("unknown command 'frobnicate'");
    expect(run.code).not.toBe(0);
  }, 300_000);
});
