import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { ImportsErrorCode } from '@foyer/imports';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import { foyer, targetEnvironment } from './cli-helpers';
import {
  HandArchiveOptions,
  HandEntry,
  handArchive,
  householdAndUserCounts,
  postArchive,
  waitForImport,
} from './import-helpers';

/**
 * Archives with random fields (members.json, files.jsonl, the contacts section, the household's
 * name) through the whole import: each ends `done` or `failed` with one of the import's
 * refusals — never a restore that crashed half-way, never a 5xx, never a household or an
 * account left behind — and what was imported downloads. Bounded: a fixed number of runs.
 */

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Refusals of a bad archive; RESTORE_FAILED would mean something slipped past the checks. */
const REFUSALS: string[] = [
  ImportsErrorCode.InvalidArchive,
  ImportsErrorCode.InvalidMembers,
  ImportsErrorCode.InvalidField,
];

const nasty = fc.oneof(
  fc.constantFrom(
    null,
    '',
    ' ',
    '\u0000',
    'a\r\nb',
    'text/plain\r\nX-Injected: 1',
    'a,bcc@example.com',
    'x@example.com\u200b',
    '../../etc/passwd',
    '/',
    '/a\u0000',
    '\ud800',
    '2025-02-30T00:00:00Z',
    '9999-12-31T23:59:59Z',
    -1,
    1e308,
    0.5,
    true,
    [],
    {},
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A record with each of `fields` either its good value, a nasty one, or missing. */
function recordOf(good: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(good).map(([key, value]) => [
      key,
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(value) },
        { weight: 2, arbitrary: nasty },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    ]),
  );
  return fc
    .record(fields)
    .map((record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)),
    );
}

const GOOD_MEMBER = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'owner@example.com',
  displayName: 'Owner',
  role: 'owner',
  joinedAt: '2024-01-01T00:00:00.000Z',
};
const GOOD_LINE = {
  path: '/a.txt',
  entry: 'files/a.txt',
  id: '44444444-4444-4444-8444-444444444444',
  type: 'file',
  size: 5,
  sha256: sha256('hello'),
  contentType: 'text/plain',
  mtime: '2025-01-02T03:04:05.000Z',
  createdAt: '2025-01-02T03:04:05.000Z',
  author: GOOD_MEMBER.id,
  trashed: false,
};
const GOOD_COLLECTION = {
  id: '55555555-5555-4555-8555-555555555555',
  name: 'family',
  displayName: 'Family',
  description: '',
  color: '#123456',
  ownerUserId: null,
  sharedWithHousehold: false,
  components: [],
  path: 'contacts/Family.vcf',
  objects: 1,
};

interface Fuzzed {
  member: Record<string, unknown>;
  line: Record<string, unknown>;
  collection: Record<string, unknown>;
  name: unknown;
}

const fuzzed: fc.Arbitrary<Fuzzed> = fc.record({
  member: recordOf(GOOD_MEMBER),
  line: recordOf(GOOD_LINE),
  collection: recordOf(GOOD_COLLECTION),
  name: fc.oneof({ weight: 3, arbitrary: fc.constant('Fuzzed Family') }, nasty),
});

function archiveOf(fuzz: Fuzzed): { entries: HandEntry[]; options: HandArchiveOptions } {
  return {
    entries: [
      { path: 'files/', data: '' },
      { path: 'files/a.txt', data: 'hello' },
      { path: 'files.jsonl', data: `${JSON.stringify(fuzz.line)}\n` },
      {
        path: 'contacts/Family.vcf',
        data: 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:a\r\nFN:Ada\r\nEND:VCARD\r\n',
      },
    ],
    options: {
      slug: 'fuzzed',
      members: [fuzz.member as { id: string; email: string; displayName: string; role: string }],
      manifest: (manifest) => {
        (manifest.household as Record<string, unknown>).name = fuzz.name;
        (manifest.sections as Record<string, unknown>).contacts = {
          collections: [fuzz.collection],
        };
      },
    },
  };
}

describe('POST /api/v1/imports under fuzzing (fast-check): refused clearly or imported whole', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let work: string;
  let counter = 0;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await createUser(testApp, { verified: true });
    work = mkdtempSync(path.join(tmpdir(), 'foyer-import-fuzz-'));
  });
  afterAll(async () => {
    await testApp?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const counts = () => householdAndUserCounts(testApp);

  it('ends every import done or refused, leaving nothing behind a refusal', async () => {
    const outcomes = { done: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fuzzed, async (fuzz) => {
        const file = path.join(work, `fuzz-${counter++}.zip`);
        const { entries, options } = archiveOf(fuzz);
        try {
          await handArchive(file, entries, options);
        } catch {
          return; // a manifest JSON cannot hold (a lone surrogate is fine; BigInt is not)
        }
        const before = await counts();
        const posted = await postArchive(testApp, admin, file, admin.email);
        rmSync(file, { force: true });
        expect(posted.status).toBe(202);
        const ended = await waitForImport(testApp.server, admin, posted.body.id as string);
        if (ended.status === 'failed') {
          outcomes.refused++;
          expect(REFUSALS).toContain(ended.error?.code);
          expect(await counts()).toEqual(before);
          return;
        }
        outcomes.done++;
        expect(ended.status).toBe('done');
        const household = ended.report!.household.id;
        // Whatever was imported can be read back: no stored value breaks a download.
        const files = await tenantQuery<{ id: string; name: string }>(
          testApp.db,
          household,
          `SELECT id, name FROM file_nodes WHERE kind = 'file'`,
        );
        for (const node of files) {
          // As an owner of the new household (`?owner=` made the admin one).
          const download = await request(testApp.server)
            .get(
              `/api/v1/households/${household}/files/content?path=/${encodeURIComponent(node.name)}`,
            )
            .set(admin.auth);
          expect(download.status).toBe(200);
          expect(download.text ?? download.body?.toString()).toBeDefined();
        }
      }),
      { numRuns: 40 },
    );
    // Both ways were taken: the generator makes good archives as well as bad ones.
    expect(outcomes.refused).toBeGreaterThan(0);
    const health = await request(testApp.server).get('/health');
    expect(health.status).toBe(200);
  }, 300_000);

  it('has `foyer import` exit non-zero for every refusal, and 0 only for an import', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzed, async (fuzz) => {
        const file = path.join(work, `cli-fuzz-${counter++}.zip`);
        const { entries, options } = archiveOf(fuzz);
        await handArchive(file, entries, options);
        const before = await counts();
        const run = await foyer(['import', file], targetEnvironment(testApp));
        rmSync(file, { force: true });
        if (run.code === 0) {
          expect(run.stdout).toContain('Imported "');
          expect((await counts()).households).toBe(before.households + 1);
        } else {
          expect(run.code).toBe(1);
          expect(run.stderr).toContain('Import failed');
          expect(run.stderr).toContain('Nothing of it was kept');
          expect(await counts()).toEqual(before);
        }
      }),
      { numRuns: 8 },
    );
  }, 300_000);
});
