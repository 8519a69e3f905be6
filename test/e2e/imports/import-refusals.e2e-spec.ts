import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { tenantQuery } from '../households/provisioning-helpers';
import {
  HandArchiveOptions,
  HandEntry,
  expectRefusedBeforeAnyHousehold,
  handArchive,
  householdAndUserCounts,
  postArchive,
  waitForImport,
  importSuite,
} from './import-helpers';

interface Case {
  what: string;
  entries: HandEntry[];
  options?: HandArchiveOptions;
  /** The verifier's problem code the failure must list. */
  problem: string;
}

const CASES: Case[] = [
  {
    what: 'a wrong checksum',
    entries: [{ path: 'files/a.txt', data: 'hello' }],
    options: {
      manifest: (manifest) => {
        const entries = manifest.entries as { path: string; sha256: string }[];
        entries.find((entry) => entry.path === 'files/a.txt')!.sha256 = '0'.repeat(64);
      },
    },
    problem: 'CHECKSUM_MISMATCH',
  },
  {
    what: 'a `..` path',
    entries: [{ path: 'files/xx/escape.txt', data: 'out' }],
    options: { patch: { from: 'files/xx/escape.txt', to: 'files/../escape.txt' } },
    problem: 'UNSAFE_PATH',
  },
  {
    what: 'names equal after Unicode normalisation',
    entries: [
      { path: 'files/caf\u00e9.txt', data: 'composed' },
      { path: 'files/cafe\u0301.txt', data: 'decomposed' },
    ],
    problem: 'DUPLICATE_PATH',
  },
  {
    what: 'a symlink entry',
    entries: [{ path: 'files/link', data: '/etc/passwd', mode: 0o120777 }],
    problem: 'SYMLINK_ENTRY',
  },
  {
    what: 'an unknown format version',
    entries: [{ path: 'files/a.txt', data: 'hello' }],
    options: { manifest: (manifest) => void (manifest.version = 2) },
    problem: 'UNSUPPORTED_VERSION',
  },
  {
    what: 'a zip bomb (one entry expanding far beyond the ratio limit)',
    entries: [{ path: 'files/zeros.bin', data: Buffer.alloc(24 * 1024 * 1024), compress: true }],
    problem: 'ENTRY_RATIO_TOO_HIGH',
  },
];

describe('POST /api/v1/imports: bad archives are refused before anything is written', () => {
  const suite = importSuite('foyer-import-bad-');

  const post = (file: string) => postArchive(suite.testApp, suite.admin, file);

  const counts = () => householdAndUserCounts(suite.testApp);

  it('imports a well-formed hand-made archive (the baseline the bad ones differ from)', async () => {
    const file = path.join(suite.work, 'good.zip');
    await handArchive(file, [
      { path: 'files/', data: '' },
      { path: 'files/a.txt', data: 'hello' },
      { path: 'files/Docs/', data: '' },
      { path: 'files/Docs/b.txt', data: 'world', mtime: new Date('2020-05-06T07:08:10Z') },
    ]);
    const posted = await post(file);
    expect(posted.status).toBe(202);
    const done = await waitForImport(suite.testApp.server, suite.admin, posted.body.id as string);
    expect(done.error).toBeNull();
    expect(done.report?.household.slug).toBe('hand-made');
    expect(done.report?.members).toMatchObject({ total: 1, created: 1, matched: 0 });
    const [node] = await tenantQuery<{ modified_at: Date; size: string }>(
      suite.testApp.db,
      done.report?.household.id as string,
      `SELECT modified_at, size FROM file_nodes WHERE name = 'b.txt'`,
    );
    expect(node.modified_at.toISOString()).toBe('2020-05-06T07:08:10.000Z');
    expect(Number(node.size)).toBe(5);
  });

  it.each(CASES)('refuses $what with nothing created', async ({ entries, options, problem }) => {
    const file = path.join(suite.work, `${problem}.zip`);
    await handArchive(file, entries, {
      ...options,
      slug: `bad-${problem.toLowerCase().replace(/_/g, '-')}`,
    });
    const before = await counts();
    const posted = await post(file);
    expect(posted.status).toBe(202);
    const failed = await waitForImport(suite.testApp.server, suite.admin, posted.body.id as string);
    expect(failed.status).toBe('failed');
    expect(failed.report).toBeNull();
    expect(failed.error?.code).toBe('IMPORT_INVALID_ARCHIVE');
    expect(failed.error?.problems?.map((found) => found.code)).toContain(problem);
    expect(await counts()).toEqual(before);
    await expectRefusedBeforeAnyHousehold(suite.testApp, posted.body.id as string);
  });

  it('refuses an archive without an owner (and no owner given)', async () => {
    const file = path.join(suite.work, 'no-owner.zip');
    await handArchive(file, [{ path: 'files/a.txt', data: 'x' }], {
      members: [
        {
          id: '33333333-3333-4333-8333-333333333333',
          email: 'kid@example.com',
          displayName: 'Kid',
          role: 'child',
        },
      ],
      slug: 'no-owner',
    });
    const before = await counts();
    const failed = await waitForImport(
      suite.testApp.server,
      suite.admin,
      (await post(file)).body.id as string,
    );
    expect(failed.error?.code).toBe('IMPORT_INVALID_MEMBERS');
    expect(await counts()).toEqual(before);

    const owned = await request(suite.testApp.server)
      .post(`/api/v1/imports?owner=${encodeURIComponent(suite.admin.email)}`)
      .set(suite.admin.auth)
      .set('Content-Type', 'application/zip')
      .send(readFileSync(file));
    const done = await waitForImport(suite.testApp.server, suite.admin, owned.body.id as string);
    expect(done.error).toBeNull();
    expect(done.report?.members.list).toEqual(
      expect.arrayContaining([
        { email: suite.admin.email, role: 'owner', account: 'matched' },
        { email: 'kid@example.com', role: 'child', account: 'created' },
      ]),
    );
  });

  it('refuses an archive that is not a ZIP at all', async () => {
    const posted = await request(suite.testApp.server)
      .post('/api/v1/imports')
      .set(suite.admin.auth)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('this is not a zip file'));
    const failed = await waitForImport(suite.testApp.server, suite.admin, posted.body.id as string);
    expect(failed.error?.code).toBe('IMPORT_INVALID_ARCHIVE');
    expect(failed.error?.problems?.map((found) => found.code)).toContain('NOT_A_ZIP');
  });
});
