import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StorageEntitlements } from '@foyer/files';
import { HouseholdImporter, ImportRequestsService, ImportSourceKind } from '@foyer/imports';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { foyer, targetEnvironment } from './cli-helpers';
import { handArchive, HandEntry } from './import-helpers';

const ENTRIES: HandEntry[] = [
  { path: 'files/', data: '' },
  { path: 'files/Recipes/', data: '' },
  { path: 'files/Recipes/soup.txt', data: 'leeks, potatoes' },
];

describe('foyer import <archive>', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let work: string;

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_PUBLIC_URL: 'http://home.test' });
    admin = await createUser(testApp, { verified: true });
    work = mkdtempSync(path.join(tmpdir(), 'foyer-import-cli-'));
  });
  afterAll(async () => {
    await testApp?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const households = async (): Promise<number> =>
    Number(
      (await ownerQuery<{ n: string }>(testApp.db, 'SELECT count(*) AS n FROM households'))[0].n,
    );

  it('imports, prints the report, and makes --owner an owner', async () => {
    const archive = path.join(work, 'cli.zip');
    await handArchive(archive, ENTRIES, { slug: 'cli-family', name: 'CLI Family' });
    const run = await foyer(
      ['import', archive, '--owner', admin.email],
      targetEnvironment(testApp),
    );
    expect(run.stderr).not.toContain('Import failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported "CLI Family" as cli-family');
    expect(run.stdout).toContain('address: http://home.test/h/cli-family');
    expect(run.stdout).toContain(`${admin.email} owner`);
    expect(run.stdout).toMatch(/owner@example\.com owner — new account/);
    expect(run.stdout).toMatch(/Restored: .*files 2/);

    // The same archive again: a new household with a suffix, never a merge.
    const again = await foyer(['import', archive], targetEnvironment(testApp));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('as cli-family-2');
    expect(again.stdout).toContain('the address cli-family was taken here');
  });

  it('exits non-zero with the problems, and creates nothing, for a bad archive', async () => {
    const archive = path.join(work, 'bad.zip');
    await handArchive(archive, ENTRIES, {
      slug: 'cli-bad',
      manifest: (manifest) => {
        const entries = manifest.entries as { path: string; sha256: string }[];
        entries.find((entry) => entry.path === 'files/Recipes/soup.txt')!.sha256 = 'f'.repeat(64);
      },
    });
    const before = await households();
    const run = await foyer(['import', archive], targetEnvironment(testApp));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Import failed');
    expect(run.stderr).toContain('CHECKSUM_MISMATCH files/Recipes/soup.txt');
    expect(run.stderr).toContain('Nothing of it was kept');
    expect(await households()).toBe(before);

    const missing = await foyer(
      ['import', path.join(work, 'nope.zip')],
      targetEnvironment(testApp),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no archive at');
  });

  it('refuses an archive that does not fit the quota of a new household', async () => {
    const archive = path.join(work, 'quota.zip');
    await handArchive(archive, [{ path: 'files/big.bin', data: Buffer.alloc(4096, 1) }], {
      slug: 'cli-quota',
    });
    // The quota a new household would get (billing's default plan, when billing is on), stubbed
    // on the port: the check runs in-process, before any household exists.
    const entitlements = testApp.app.get(StorageEntitlements);
    const original = entitlements.quotaBytes.bind(entitlements);
    entitlements.quotaBytes = async () => 1000;
    try {
      const record = await testApp.app
        .get(ImportRequestsService)
        .fromFile(ImportSourceKind.File, archive, 1, null);
      const before = await households();
      const finished = await testApp.app
        .get(HouseholdImporter)
        .run(record.id, { archivePath: archive, finalAttempt: true });
      expect(finished.status).toBe('failed');
      expect(finished.error?.code).toBe('IMPORT_QUOTA_EXCEEDED');
      expect(finished.error?.message).toContain('4096 bytes');
      expect(finished.householdId).toBeNull();
      expect(await households()).toBe(before);
    } finally {
      entitlements.quotaBytes = original;
    }
  });
});
