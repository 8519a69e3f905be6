import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import request from 'supertest';
import {
  ArchiveEntryIn,
  ArchiveReader,
  ExportScope,
  PortabilityRegistry,
  PortableSection,
} from '@foyer/portability';
import { addMember } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { PimFixture, pimHousehold, pimUrl, vcalendar, vcard, vevent } from './pim-rest-fixture';

/** An archive held in memory, as the importer would hand it over once verified. */
function memoryArchive(files: Map<string, Buffer>): ArchiveReader {
  return {
    list: (prefix: string): ArchiveEntryIn[] =>
      [...files.entries()]
        .filter(([path]) => path.startsWith(prefix))
        .map(([path, bytes]) => ({
          path,
          size: bytes.length,
          modifiedAt: new Date(0),
          sha256: createHash('sha256').update(bytes).digest('hex'),
          isFolder: false,
        })),
    open: async (path: string) => Readable.from([files.get(path) ?? Buffer.alloc(0)]),
    readJson: async <T>(path: string) => JSON.parse(String(files.get(path))) as T,
  };
}

async function snapshotOf(
  section: PortableSection,
  householdId: string,
  scope: ExportScope,
): Promise<{
  files: Map<string, Buffer>;
  metadata: Record<string, unknown>;
  entryCount: number;
  byteCount: number;
}> {
  const snapshot = await section.snapshot(householdId, scope);
  const files = new Map<string, Buffer>();
  for await (const entry of snapshot.entries()) {
    if (!entry.open) throw new Error(`${entry.path} has no bytes`);
    const chunks: Buffer[] = [];
    const stream = await entry.open();
    if (!stream) throw new Error(`${entry.path} vanished`);
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    files.set(entry.path, Buffer.concat(chunks));
  }
  return {
    files,
    metadata: await snapshot.metadata(),
    entryCount: snapshot.entryCount,
    byteCount: snapshot.byteCount,
  };
}

describe('pim portability: the contacts and calendars sections', () => {
  let testApp: TestApp;
  let fx: PimFixture;
  let member: TestUser;
  let otherMember: TestUser;
  let registry: PortabilityRegistry;
  let memberBook: string;
  let otherBook: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    registry = testApp.app.get(PortabilityRegistry);
    fx = await pimHousehold(testApp);
    member = await createUser(testApp, { verified: true });
    otherMember = await createUser(testApp, { verified: true });
    const other = otherMember;
    await addMember(testApp, { id: fx.home.id }, member, 'member');
    await addMember(testApp, { id: fx.home.id }, other, 'member');
    const api = request(testApp.server);
    const imported = await api
      .post(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/import`))
      .set(fx.owner.auth)
      .set('Content-Type', 'text/vcard')
      .send(
        vcard('ada', 'Ada', ['TEL:+33612345678']) +
          vcard('bob', 'Bob').replace('VERSION:4.0', 'VERSION:3.0'),
      );
    expect(imported.body).toMatchObject({ imported: 2 });
    const mine = await request(testApp.server)
      .post(pimUrl(fx.home.id, '/addressbooks'))
      .set(member.auth)
      .send({ displayName: 'Family', color: '#abcdef', sharedWithHousehold: true });
    memberBook = mine.body.id as string;
    await request(testApp.server)
      .post(pimUrl(fx.home.id, `/addressbooks/${memberBook}/contacts`))
      .set(member.auth)
      .send({ fullName: 'Carol', emails: ['carol@example.com'] });
    const theirs = await request(testApp.server)
      .post(pimUrl(fx.home.id, '/addressbooks'))
      .set(other.auth)
      .send({ displayName: 'Secret' });
    otherBook = theirs.body.id as string;
    const events = await request(testApp.server)
      .post(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/import`))
      .set(fx.owner.auth)
      .set('Content-Type', 'text/calendar')
      .send(
        vcalendar(vevent('weekly', '20250303T170000Z', ['RRULE:FREQ=WEEKLY;COUNT=3'])) +
          vcalendar(vevent('once', '20250304T170000Z', ['SUMMARY:Once'])),
      );
    expect(events.body).toMatchObject({ imported: 2 });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('registers both sections', () => {
    expect(registry.section('contacts')).toBeDefined();
    expect(registry.section('calendars')).toBeDefined();
  });

  it('writes one .vcf per address book with unique names, and records each collection', async () => {
    const { files, metadata, entryCount, byteCount } = await snapshotOf(
      registry.section('contacts')!,
      fx.home.id,
      { kind: 'household' },
    );
    // The other member's private "Secret" book is theirs alone: not in the household's export.
    expect([...files.keys()]).toEqual(['contacts/Family.vcf', 'contacts/Family (2).vcf']);
    expect(entryCount).toBe(2);
    const family = files.get('contacts/Family.vcf')!.toString('utf8');
    expect(family).toBe(
      vcard('ada', 'Ada', ['TEL:+33612345678']) +
        vcard('bob', 'Bob').replace('VERSION:4.0', 'VERSION:3.0'),
    );
    expect(byteCount).toBe([...files.values()].reduce((sum, bytes) => sum + bytes.length, 0));
    expect(metadata).toEqual({
      collections: [
        expect.objectContaining({
          id: fx.familyBook,
          name: 'family',
          displayName: 'Family',
          ownerUserId: null,
          shared: true,
          path: 'contacts/Family.vcf',
          objects: 2,
        }),
        expect.objectContaining({
          id: memberBook,
          ownerUserId: member.id,
          shared: false,
          sharedWithHousehold: true,
          color: '#abcdef',
          path: 'contacts/Family (2).vcf',
          objects: 1,
        }),
      ],
      privateLeftOut: 1,
    });
    expect(JSON.stringify(metadata)).not.toContain(otherBook);
    const snapshot = await registry
      .section('contacts')!
      .snapshot(fx.home.id, { kind: 'household' });
    expect(snapshot.omissions).toEqual([
      '1 personal address book that its member keeps private (not shared with the household) left out: each member takes theirs with their own export',
    ]);
  });

  it('gives a member’s export their personal collections only, the private one included', async () => {
    const mine = await snapshotOf(registry.section('contacts')!, fx.home.id, {
      kind: 'member',
      userId: member.id,
    });
    expect([...mine.files.keys()]).toEqual(['contacts/Family.vcf']);
    expect(mine.files.get('contacts/Family.vcf')!.toString('utf8')).toContain('FN:Carol');
    expect(mine.metadata).toMatchObject({
      collections: [expect.objectContaining({ id: memberBook })],
      privateLeftOut: 0,
    });
    const theirs = await snapshotOf(registry.section('contacts')!, fx.home.id, {
      kind: 'member',
      userId: otherMember.id,
    });
    expect([...theirs.files.keys()]).toEqual(['contacts/Secret.vcf']);
    expect(theirs.metadata).toMatchObject({
      collections: [expect.objectContaining({ id: otherBook })],
    });
  });

  it('reports a collection changed or deleted after the snapshot', async () => {
    const section = registry.section('contacts')!;
    const scratch = await request(testApp.server)
      .post(pimUrl(fx.home.id, '/addressbooks'))
      .set(fx.owner.auth)
      .send({ displayName: 'Zz scratch', sharedWithHousehold: true });
    const snapshot = await section.snapshot(fx.home.id, { kind: 'household' });
    expect(await snapshot.changedDuringExport?.()).toEqual([]);
    await request(testApp.server)
      .post(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/contacts`))
      .set(fx.owner.auth)
      .send({ fullName: 'Late arrival' });
    await request(testApp.server)
      .delete(pimUrl(fx.home.id, `/addressbooks/${scratch.body.id}`))
      .set(fx.owner.auth);
    const opened: Record<string, boolean> = {};
    for await (const entry of snapshot.entries()) {
      const stream = await entry.open?.();
      opened[entry.path] = stream !== null;
      if (stream) for await (const _chunk of stream) void _chunk;
    }
    expect(opened['contacts/Zz scratch.vcf']).toBe(false);
    expect(await snapshot.changedDuringExport?.()).toEqual([
      { path: 'contacts/Family.vcf', change: 'modified' },
      { path: 'contacts/Zz scratch.vcf', change: 'deleted' },
    ]);
    const late = await request(testApp.server)
      .get(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/contacts?q=Late`))
      .set(fx.owner.auth);
    await request(testApp.server)
      .delete(
        pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/contacts/${late.body.items[0].id}`),
      )
      .set(fx.owner.auth);
  });

  it('restores into a second household with the same UIDs and text, idempotently', async () => {
    const contacts = registry.section('contacts')!;
    const calendars = registry.section('calendars')!;
    const exported = await snapshotOf(contacts, fx.home.id, { kind: 'household' });
    const exportedCalendars = await snapshotOf(calendars, fx.home.id, { kind: 'household' });
    expect([...exportedCalendars.files.keys()]).toEqual(['calendars/Family.ics']);

    const target = await pimHousehold(testApp, 'Restored');
    const newMember = await createUser(testApp, { verified: true });
    await addMember(testApp, { id: target.home.id }, newMember, 'member');
    const files = new Map([...exported.files, ...exportedCalendars.files]);
    const restoreTarget = (metadata: Record<string, unknown>) => ({
      householdId: target.home.id,
      userIdByArchiveUserId: new Map([
        [fx.owner.id, target.owner.id],
        [member.id, newMember.id],
      ]),
      importedBy: target.owner.id,
      metadata,
    });
    for (let run = 0; run < 2; run++) {
      const contactsReport = await contacts.restore(
        restoreTarget(exported.metadata),
        memoryArchive(files),
      );
      expect(contactsReport).toEqual({
        restored: 3,
        skipped: [],
        notes: [expect.stringContaining('1 personal address book that its member keeps private')],
      });
      const calendarsReport = await calendars.restore(
        restoreTarget(exportedCalendars.metadata),
        memoryArchive(files),
      );
      expect(calendarsReport).toEqual({ restored: 2, skipped: [], notes: [] });
    }
    const again = await snapshotOf(contacts, target.home.id, { kind: 'household' });
    expect(again.files).toEqual(exported.files);
    const againCalendars = await snapshotOf(calendars, target.home.id, { kind: 'household' });
    expect(againCalendars.files).toEqual(exportedCalendars.files);
    // The seeded Family collections were reused, the member's book kept its id and owner.
    const books = await request(testApp.server)
      .get(pimUrl(target.home.id, '/addressbooks'))
      .set(newMember.auth);
    expect(books.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: target.familyBook, name: 'family' }),
        expect.objectContaining({ id: memberBook, ownerUserId: newMember.id, writable: true }),
      ]),
    );
    const ada = await request(testApp.server)
      .get(pimUrl(target.home.id, `/addressbooks/${target.familyBook}/contacts?q=ada`))
      .set(target.owner.auth);
    expect(ada.body.items).toEqual([
      expect.objectContaining({ uid: 'ada', phonesE164: ['+33612345678'] }),
    ]);
  });

  it('reports an archive entry that is missing or an object that is not valid', async () => {
    const contacts = registry.section('contacts')!;
    const target = await pimHousehold(testApp, 'Broken');
    const report = await contacts.restore(
      {
        householdId: target.home.id,
        userIdByArchiveUserId: new Map(),
        importedBy: target.owner.id,
        metadata: {
          collections: [
            {
              id: fx.familyBook,
              name: 'family',
              displayName: 'Family',
              description: '',
              color: null,
              ownerUserId: null,
              shared: true,
              sharedWithHousehold: false,
              components: [],
              path: 'contacts/Family.vcf',
              objects: 2,
            },
            {
              id: memberBook,
              name: 'x',
              displayName: 'Gone',
              description: '',
              color: null,
              ownerUserId: null,
              shared: true,
              sharedWithHousehold: false,
              components: [],
              path: 'contacts/Gone.vcf',
              objects: 1,
            },
          ],
        },
      },
      memoryArchive(
        new Map([
          [
            'contacts/Family.vcf',
            Buffer.from(
              vcard('ok', 'OK') + 'BEGIN:VCARD\r\nVERSION:4.0\r\nUID:nofn\r\nEND:VCARD\r\n',
            ),
          ],
        ]),
      ),
    );
    expect(report).toEqual({
      restored: 1,
      skipped: [
        { path: 'contacts/Family.vcf#1', reason: 'A vCard needs a formatted name (FN)' },
        { path: 'contacts/Gone.vcf', reason: 'the file is not in the archive' },
      ],
      notes: [],
    });
  });
});
