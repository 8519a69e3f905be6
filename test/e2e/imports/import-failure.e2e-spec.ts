import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { HouseholdImporter, ImportRequestsService, ImportSourceKind } from '@foyer/imports';
import { ObjectStorage } from '@foyer/storage';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import { HandEntry, handArchive } from './import-helpers';

const ENTRIES: HandEntry[] = [
  { path: 'files/', data: '' },
  // More than one batch of rows (500), so that a failure finds some rows written.
  ...Array.from({ length: 520 }, (_, index) => ({
    path: `files/file-${index}.txt`,
    data: `content ${index}`,
  })),
];

/** Makes the household bucket's `after`-th upload (1-based) and later ones fail, while `failing()`. */
function breakUploads(
  storage: ObjectStorage,
  after: number,
): { restore(): void; failing: boolean } {
  const original = storage.putObject.bind(storage);
  let uploads = 0;
  const control = {
    failing: true,
    restore: () => {
      storage.putObject = original;
    },
  };
  storage.putObject = async (bucket, key, body) => {
    if (bucket.startsWith('foyer-hh-') && control.failing && ++uploads >= after) {
      body.destroy();
      throw new Error('injected storage failure');
    }
    return original(bucket, key, body);
  };
  return control;
}

describe('HouseholdImporter: a failure midway', () => {
  // Over 500 files through the test S3 server, twice.
  jest.setTimeout(180_000);

  let testApp: TestApp;
  let admin: TestUser;
  let work: string;
  let importer: HouseholdImporter;
  let requests: ImportRequestsService;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await createUser(testApp, { verified: true });
    work = mkdtempSync(path.join(tmpdir(), 'foyer-import-fail-'));
    importer = testApp.app.get(HouseholdImporter);
    requests = testApp.app.get(ImportRequestsService);
  });
  afterAll(async () => {
    await testApp?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function newImport(slug: string): Promise<{ id: string; archivePath: string }> {
    const archivePath = path.join(work, `${slug}.zip`);
    await handArchive(archivePath, ENTRIES, {
      slug,
      members: [
        {
          id: '44444444-4444-4444-8444-444444444444',
          email: admin.email,
          displayName: 'Admin',
          role: 'owner',
        },
        {
          id: '55555555-5555-4555-8555-555555555555',
          email: `new-${slug}@example.com`,
          displayName: 'New',
          role: 'member',
        },
      ],
    });
    const record = await requests.fromFile(
      ImportSourceKind.File,
      archivePath,
      statSync(archivePath).size,
      null,
    );
    return { id: record.id, archivePath };
  }

  const visibleSlugs = async (): Promise<string[]> => {
    const response = await request(testApp.server).get('/api/v1/me').set(admin.auth);
    return (response.body.memberships as { slug: string }[]).map((membership) => membership.slug);
  };

  it('keeps the half-filled household invisible, and the next attempt resumes and completes it', async () => {
    const { id, archivePath } = await newImport('resumed');
    const storage = testApp.app.get(ObjectStorage);
    const broken = breakUploads(storage, 511);
    try {
      await expect(importer.run(id, { archivePath, finalAttempt: false })).rejects.toThrow(
        'injected storage failure',
      );
    } finally {
      broken.restore();
    }
    const [half] = await ownerQuery<{
      target_household_id: string;
      status: string;
      attempts: number;
    }>(testApp.db, 'SELECT target_household_id, status, attempts FROM imports WHERE id = $1', [id]);
    expect(half.status).toBe('importing');
    // 510 blobs were stored before the 511th failed; the first 500 rows were written, the
    // other 10 wait for the next attempt.
    const blobs: string[] = [];
    for await (const key of storage.listKeys(`foyer-hh-${half.target_household_id}`, 'files/')) {
      blobs.push(key);
    }
    expect(blobs).toHaveLength(510);
    const written = await tenantQuery(
      testApp.db,
      half.target_household_id,
      'SELECT id FROM file_nodes',
    );
    expect(written).toHaveLength(500);
    const members = await ownerQuery(
      testApp.db,
      'SELECT 1 FROM memberships WHERE household_id = $1',
      [half.target_household_id],
    );
    expect(members).toEqual([]);
    expect(await visibleSlugs()).not.toContain('resumed');
    const byId = await request(testApp.server)
      .get(`/api/v1/households/${half.target_household_id}`)
      .set(admin.auth);
    expect(byId.status).toBe(404);
    const bySlug = await request(testApp.server).get('/api/v1/households/resumed').set(admin.auth);
    expect(bySlug.status).toBe(404);

    const done = await importer.run(id, { archivePath, finalAttempt: false });
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    expect(done.householdId).toBe(half.target_household_id);
    expect(done.report?.restored.files).toBe(520);
    expect(done.report?.members).toMatchObject({ matched: 1, created: 1 });
    const files = await tenantQuery<{ name: string }>(
      testApp.db,
      half.target_household_id,
      `SELECT name FROM file_nodes WHERE kind = 'file'`,
    );
    expect(files.map((file) => file.name).sort()).toEqual(
      ENTRIES.slice(1)
        .map((entry) => path.basename(entry.path))
        .sort(),
    );
    expect(await visibleSlugs()).toContain('resumed');
    const [{ count }] = await ownerQuery<{ count: string }>(
      testApp.db,
      `SELECT count(*) AS count FROM users WHERE email = 'new-resumed@example.com'`,
    );
    expect(Number(count)).toBe(1);
  });

  it('removes the household and the accounts it created when the last attempt fails', async () => {
    const { id, archivePath } = await newImport('abandoned');
    const storage = testApp.app.get(ObjectStorage);
    const broken = breakUploads(storage, 3);
    let finished;
    try {
      finished = await importer.run(id, { archivePath, finalAttempt: true });
    } finally {
      broken.restore();
    }
    expect(finished.status).toBe('failed');
    expect(finished.error).toMatchObject({ code: 'IMPORT_RESTORE_FAILED' });
    expect(finished.error?.message).toContain('injected storage failure');
    const householdId = finished.householdId as string;
    expect(householdId).toBeTruthy();
    expect(
      await ownerQuery(testApp.db, 'SELECT 1 FROM households WHERE id = $1', [householdId]),
    ).toEqual([]);
    expect(await storage.bucketExists(`foyer-hh-${householdId}`)).toBe(false);
    expect(
      await ownerQuery(testApp.db, `SELECT 1 FROM users WHERE email = 'new-abandoned@example.com'`),
    ).toEqual([]);
    // The matched account is untouched.
    expect(
      await ownerQuery(testApp.db, 'SELECT 1 FROM users WHERE id = $1', [admin.id]),
    ).toHaveLength(1);
    expect(await visibleSlugs()).not.toContain('abandoned');
    // A finished import is not run again.
    const again = await importer.run(id, { archivePath, finalAttempt: true });
    expect(again.status).toBe('failed');
    expect(again.attempts).toBe(1);
  });
});
