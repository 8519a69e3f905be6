import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { uploadFile } from '../../factories/file.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { downloadArchive, requestExport, waitForExport } from '../exports/export-helpers';
import { createActiveHousehold } from '../households/provisioning-helpers';
import { embedded, runFoyer } from './built-foyer';

/**
 * `foyer migrate` as the web app shows it, on a fresh data directory with the built program:
 * what can be known about the target is checked before the source is asked for anything, and a
 * stopped download resumes from the same export.
 */
describe('foyer migrate on a fresh server (the built program)', () => {
  let source: TestApp;
  let sourceUrl: string;
  let owner: TestUser;
  let home: { id: string; slug: string };
  let work: string;

  const exportsOnSource = async (): Promise<number> =>
    Number(
      (
        await ownerQuery<{ n: string }>(
          source.db,
          'SELECT count(*) AS n FROM exports WHERE household_id = $1',
          [home.id],
        )
      )[0].n,
    );

  const newToken = async (): Promise<string> =>
    (
      await request(source.server)
        .post(`/api/v1/households/${home.id}/migration-tokens`)
        .set(owner.auth)
        .expect(201)
    ).body.token as string;

  /** The command the source gave, as the person pastes it: its own FOYER_DATA_DIR and all. */
  const commandArgs = (command: string): string[] => {
    const words = command.split(' ');
    expect(words.slice(0, 4)).toEqual(['FOYER_DATA_DIR=./data', 'npx', 'foyer', 'migrate']);
    return words.slice(3);
  };

  beforeAll(async () => {
    source = await createTestApp({ FOYER_PUBLIC_URL: 'http://source.test' });
    await source.app.listen(0, '127.0.0.1');
    sourceUrl = `http://127.0.0.1:${(source.server.address() as AddressInfo).port}`;
    owner = await createUser(source, { verified: true, displayName: 'Owner' });
    home = await createActiveHousehold(source.server, owner, 'Movers');
    await uploadFile(source, owner, home.id, '/big.bin', Buffer.alloc(200_000, 5));
    work = mkdtempSync(path.join(tmpdir(), 'foyer-migrate-target-'));
    // PostgreSQL runs as its own user when the suite runs as root: it must reach the folder.
    chmodSync(work, 0o755);
  });
  afterAll(async () => {
    await source?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('refuses while Foyer runs on the data directory, before asking the source anything', async () => {
    const dataDir = path.join(work, 'serving');
    mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
    // What a running embedded server leaves there: the pid of a live process.
    writeFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), `${process.pid}\n`);
    const created = await request(source.server)
      .post(`/api/v1/households/${home.id}/migration-tokens`)
      .set(owner.auth)
      .expect(201);
    // The command exactly as the source gave it (its address is not even reachable from here).
    const run = await runFoyer(commandArgs(created.body.command as string), embedded(dataDir));
    expect(run.stderr).toMatch(/Foyer is running on .*Stop it first/);
    expect(run.code).toBe(1);
    expect(await exportsOnSource()).toBe(0);
  }, 300_000);

  it('refuses a data directory it cannot write to, before asking the source anything', async () => {
    const notAFolder = path.join(work, 'a-file');
    writeFileSync(notAFolder, 'not a folder');
    const run = await runFoyer(
      ['migrate', '--from', sourceUrl, '--token', await newToken()],
      embedded(notAFolder),
    );
    expect(run.stderr).toContain(`Foyer cannot write in its data directory ${notAFolder}`);
    expect(run.code).toBe(1);
    expect(await exportsOnSource()).toBe(0);
  }, 300_000);

  it('resumes a stopped download from the same export, then imports it', async () => {
    const token = await newToken();
    const bearer = { auth: { Authorization: `Bearer ${token}` } };
    // What a `foyer migrate` stopped in the middle of its download leaves in the data directory:
    // the export it follows, and the part of the archive it had.
    const asked = await requestExport(source.server, bearer, home.id);
    const ready = await waitForExport(source.server, bearer, home.id, asked.id);
    const whole = await downloadArchive(source.server, bearer, home.id, asked.id);
    expect(whole.length).toBe(ready.size);
    const dataDir = path.join(work, 'fresh');
    const imports = path.join(dataDir, 'imports');
    mkdirSync(imports, { recursive: true });
    writeFileSync(
      path.join(imports, `migrate-${home.id}.json`),
      JSON.stringify({ from: sourceUrl, householdId: home.id, exportId: asked.id }),
    );
    const kept = Math.floor(whole.length / 3);
    writeFileSync(
      path.join(imports, `migrate-${home.id}-${asked.id}.zip.part`),
      whole.subarray(0, kept),
    );
    const before = await exportsOnSource();

    const run = await runFoyer(
      ['migrate', '--from', sourceUrl, '--token', token, '--poll-ms', '100'],
      embedded(dataDir),
    );
    expect(run.stderr).not.toContain('Import failed');
    expect(run.stderr).toContain('Resuming the download at');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported "Movers" as movers');
    // A fresh server: the owner became its administrator.
    expect(run.stdout).toContain(`${owner.email} is now the administrator of this Foyer`);
    // The same export: the source was not asked for another one.
    expect(await exportsOnSource()).toBe(before);
  }, 300_000);
});
