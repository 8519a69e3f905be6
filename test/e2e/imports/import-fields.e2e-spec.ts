import { createHash } from 'node:crypto';
import * as path from 'node:path';
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

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** One file, `/a.txt`, and its files.jsonl line with `change` applied. */
function withFileLine(change: Record<string, unknown> | string): HandEntry[] {
  const line =
    typeof change === 'string'
      ? change
      : JSON.stringify({
          path: '/a.txt',
          entry: 'files/a.txt',
          id: '44444444-4444-4444-8444-444444444444',
          type: 'file',
          size: 5,
          sha256: sha256('hello'),
          contentType: 'text/plain',
          mtime: '2025-01-02T03:04:05.000Z',
          author: null,
          trashed: false,
          ...change,
        });
  return [
    { path: 'files/', data: '' },
    { path: 'files/a.txt', data: 'hello' },
    { path: 'files.jsonl', data: `${line}\n` },
  ];
}

/** An address book whose manifest line gets `change`. */
function withCollection(change: Record<string, unknown>): {
  entries: HandEntry[];
  options: HandArchiveOptions;
} {
  return {
    entries: [
      {
        path: 'contacts/Family.vcf',
        data: 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:a\r\nFN:Ada\r\nEND:VCARD\r\n',
      },
    ],
    options: {
      manifest: (manifest) => {
        (manifest.sections as Record<string, unknown>).contacts = {
          collections: [
            {
              id: '55555555-5555-4555-8555-555555555555',
              name: 'family',
              displayName: 'Family',
              description: '',
              color: null,
              ownerUserId: null,
              shared: true,
              sharedWithHousehold: false,
              components: [],
              path: 'contacts/Family.vcf',
              objects: 1,
              ...change,
            },
          ],
        };
      },
    },
  };
}

interface Case {
  what: string;
  entries: HandEntry[];
  options?: HandArchiveOptions;
  code: string;
  /** The field the report must name, and the start of what it says. */
  field: string;
}

const CASES: Case[] = [
  {
    // Stored, it made every download of the file a 500 (a header cannot hold a line break).
    what: 'a media type with CR/LF',
    entries: withFileLine({ contentType: 'text/plain\r\nX-Injected: yes' }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'files.jsonl line 1 contentType must be a media type',
  },
  {
    what: 'a NUL in a file name',
    entries: withFileLine({ path: '/a\u0000.txt' }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'files.jsonl line 1 path cannot contain NUL',
  },
  {
    what: 'a modification time that does not exist',
    entries: withFileLine({ mtime: '2025-02-30T03:04:05.000Z' }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'files.jsonl line 1 mtime must be an ISO 8601 date',
  },
  {
    what: 'a size that is not the entry’s',
    entries: withFileLine({ size: -1 }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'files.jsonl line 1 size',
  },
  {
    what: 'a files.jsonl line that is not JSON',
    entries: withFileLine('{"path": "/a.txt",'),
    code: 'IMPORT_INVALID_FIELD',
    field: 'files.jsonl line 1 is not a JSON object',
  },
  {
    what: 'a household name with a line break',
    entries: [{ path: 'files/', data: '' }],
    options: { name: 'The Martins\nEvil' },
    code: 'IMPORT_INVALID_FIELD',
    field: 'manifest.json household.name',
  },
  {
    what: 'a NUL in an address book’s name',
    ...withCollection({ displayName: 'Fam\u0000ily' }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'manifest.json sections.contacts.collections[0].displayName cannot contain NUL',
  },
  {
    what: 'a collection URL name with a slash',
    ...withCollection({ name: '../family' }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'manifest.json sections.contacts.collections[0].name',
  },
  {
    what: 'a color the API would refuse',
    ...withCollection({ color: 'red;background:url(x)' }),
    code: 'IMPORT_INVALID_FIELD',
    field: 'manifest.json sections.contacts.collections[0].color must be #RRGGBB',
  },
  {
    what: 'settings PostgreSQL cannot store',
    entries: [{ path: 'files/', data: '' }],
    options: { settings: { theme: 'dark\u0000' } },
    code: 'IMPORT_INVALID_FIELD',
    field: 'household.json settings holds a NUL',
  },
  {
    what: 'an audit event with a NUL in its details',
    entries: [
      {
        path: 'audit.jsonl',
        data: `${JSON.stringify({ action: 'file.uploaded', details: { name: 'a\u0000' } })}\n`,
      },
    ],
    code: 'IMPORT_INVALID_FIELD',
    field: 'audit.jsonl line 1 details',
  },
  {
    // Accepted, it created the account `a,bcc@example.com` and mailed bcc@example.com.
    what: 'a member email that is two addresses',
    entries: [{ path: 'files/', data: '' }],
    options: {
      members: [
        {
          id: '11111111-1111-4111-8111-111111111111',
          email: 'a,bcc@example.com',
          displayName: 'A',
          role: 'owner',
        },
      ],
    },
    code: 'IMPORT_INVALID_MEMBERS',
    field: 'members.json[0].email must be one email address',
  },
];

describe('POST /api/v1/imports: every field of an archive is checked as the API checks it', () => {
  const suite = importSuite('foyer-import-fields-');

  const post = (file: string) => postArchive(suite.testApp, suite.admin, file);

  const counts = () => householdAndUserCounts(suite.testApp);

  it('imports the same archive with good values (the baseline the bad ones differ from)', async () => {
    const file = path.join(suite.work, 'good.zip');
    const { entries, options } = withCollection({});
    await handArchive(file, [...withFileLine({}), ...entries], { ...options, slug: 'fields-ok' });
    const done = await waitForImport(
      suite.testApp.server,
      suite.admin,
      (await post(file)).body.id as string,
    );
    expect(done.error).toBeNull();
    expect(done.report?.restored).toMatchObject({ files: 1, contacts: 1 });
  });

  it.each(CASES)('refuses $what, naming the field, with nothing created', async (bad) => {
    const file = path.join(suite.work, `${bad.what.replace(/\W+/g, '-')}.zip`);
    await handArchive(file, bad.entries, { slug: 'fields-bad', ...bad.options });
    const before = await counts();
    const posted = await post(file);
    expect(posted.status).toBe(202);
    const failed = await waitForImport(suite.testApp.server, suite.admin, posted.body.id as string);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe(bad.code);
    const named = (failed.error?.problems ?? []).map(
      (problem) =>
        `${problem.path ? `${problem.path} ` : ''}${(problem as { message?: string }).message}`,
    );
    expect(named).toEqual(expect.arrayContaining([expect.stringContaining(bad.field)]));
    expect(await counts()).toEqual(before);
    await expectRefusedBeforeAnyHousehold(suite.testApp, posted.body.id as string);
  });
});
