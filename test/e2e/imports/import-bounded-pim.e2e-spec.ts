import { statSync } from 'node:fs';
import * as path from 'node:path';
import { ImportedAccounts } from '@foyer/accounts';
import { HouseholdImporter, ImportRequestsService, ImportSourceKind } from '@foyer/imports';
import { ownerQuery } from '../../factories/owner-sql';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import { POISON_ZONE } from '../pim-fuzz/pim-arbitraries';
import { handArchive, importSuite } from './import-helpers';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

const event = (uid: string, zone: string | null, extra: string[] = []) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20250101T000000Z',
  zone ? `DTSTART;TZID=${zone}:20250101T100000` : 'DTSTART:20250101T100000Z',
  'DURATION:PT1H',
  ...extra,
  'END:VEVENT',
];

/**
 * A household archive whose calendar and address book carry objects that cannot be bounded
 * (the reported time zone, a rule that never occurs, NULs, thousands of properties): the import
 * completes with those entries skipped and named, and everything else restored.
 */
describe('imports: calendars and contacts that cannot be bounded', () => {
  jest.setTimeout(120_000);

  const suite = importSuite('foyer-import-bounded-');

  it('skips them with a reason and restores the rest', async () => {
    const calendar = crlf([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//x//EN',
      ...POISON_ZONE,
      ...event('poisoned', 'X'),
      ...event('never', null, ['RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30']),
      ...event('nul', null, ['SUMMARY:a\u0000b']),
      ...event('fine', null, ['RRULE:FREQ=WEEKLY;COUNT=10']),
      'END:VCALENDAR',
    ]);
    const contacts = [
      crlf(['BEGIN:VCARD', 'VERSION:4.0', 'UID:ok', 'FN:Fine', 'END:VCARD']),
      crlf(['BEGIN:VCARD', 'VERSION:4.0', 'UID:nul', 'FN:a\u0000b', 'END:VCARD']),
      crlf([
        'BEGIN:VCARD',
        'VERSION:4.0',
        'UID:many',
        'FN:Many',
        ...Array.from({ length: 2500 }, (_, i) => `TEL:+33612${String(i).padStart(5, '0')}`),
        'END:VCARD',
      ]),
    ].join('');
    const collection = (id: string, file: string, objects: number) => ({
      id,
      name: 'family',
      displayName: 'Family',
      description: '',
      color: null,
      ownerUserId: null,
      shared: true,
      sharedWithHousehold: false,
      components: ['VEVENT', 'VTODO'],
      path: file,
      objects,
    });
    const archivePath = path.join(suite.work, 'bounded.zip');
    await handArchive(
      archivePath,
      [
        { path: 'calendars/Family.ics', data: calendar },
        { path: 'contacts/Family.vcf', data: contacts },
      ],
      {
        slug: 'bounded',
        members: [
          {
            id: '44444444-4444-4444-8444-444444444444',
            email: suite.admin.email,
            displayName: 'Admin',
            role: 'owner',
          },
        ],
        manifest: (manifest) => {
          manifest.sections = {
            ...(manifest.sections as object),
            calendars: {
              collections: [
                collection('66666666-6666-4666-8666-666666666666', 'calendars/Family.ics', 4),
              ],
            },
            contacts: {
              collections: [
                collection('77777777-7777-4777-8777-777777777777', 'contacts/Family.vcf', 3),
              ],
            },
          };
        },
      },
    );
    const record = await suite.testApp.app
      .get(ImportRequestsService)
      .fromFile(ImportSourceKind.File, archivePath, statSync(archivePath).size, null);

    const finished = await suite.testApp.app
      .get(HouseholdImporter)
      .run(record.id, { archivePath, finalAttempt: true });

    expect(finished.error).toBeNull();
    expect(finished.status).toBe('done');
    const report = finished.report as unknown as {
      household: { id: string };
      restored: Record<string, number>;
      skipped: { section: string; path: string; reason: string }[];
    };
    expect(report.restored).toMatchObject({ calendars: 1, contacts: 1 });
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ section: 'calendars', reason: expect.stringMatching(/complex/) }),
        expect.objectContaining({ section: 'calendars', reason: expect.stringMatching(/NUL/) }),
        expect.objectContaining({ section: 'contacts', reason: expect.stringMatching(/NUL/) }),
        expect.objectContaining({ section: 'contacts', reason: expect.stringMatching(/complex/) }),
      ]),
    );
    const stored = await tenantQuery<{ uid: string }>(
      suite.testApp.db,
      report.household.id,
      'SELECT uid FROM pim_objects ORDER BY uid',
    );
    expect(stored.map((row) => row.uid)).toEqual(['fine', 'ok']);
  });
});

describe('imports: an account made by an attempt that died before recording it', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('is removed with the failed import, not kept as a member’s own account', async () => {
    const requests = testApp.app.get(ImportRequestsService);
    const record = await requests.fromFile(ImportSourceKind.File, 'nowhere.zip', 1, null);
    const email = `pending-${record.id}@example.com`;
    // What mapMembers leaves when the process dies between making the account and recording it.
    await ownerQuery(testApp.db, 'UPDATE imports SET members = $2::jsonb WHERE id = $1', [
      record.id,
      JSON.stringify([
        { archiveUserId: 'a', email, role: 'member', joinedAt: null, userId: '', created: true },
      ]),
    ]);
    const made = await testApp.app.get(ImportedAccounts).matchOrCreate(email, 'Pending', 'en');
    expect(made.created).toBe(true);

    await testApp.app.get(HouseholdImporter).abandon(record.id, new Error('killed'));

    expect(await ownerQuery(testApp.db, 'SELECT 1 FROM users WHERE email = $1', [email])).toEqual(
      [],
    );
  });
});
