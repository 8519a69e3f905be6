import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ArchiveVerifier } from '@foyer/exports';
import type { ExportManifest } from '@foyer/portability';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { createFolder, filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { addMember } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { jsonLines, readZip, ZipEntryRead } from '../exports/export-helpers';
import { Ran, runFoyer } from '../cli/built-foyer';
import { createActiveHousehold, tenantQuery } from '../households/provisioning-helpers';
import { pimUrl, vcalendar, vcard } from '../pim-rest/pim-rest-fixture';
import { exportHousehold } from './import-helpers';

/** One archive, read whole (yauzl checks every CRC), with what the comparison needs from it. */
interface Archive {
  manifest: ExportManifest;
  entries: ZipEntryRead[];
  text(entryPath: string): string;
  /** Member id (as in this archive) → email: ids are generated on each side. */
  emailOf: Map<string, string>;
}

async function openArchive(file: string): Promise<Archive> {
  const entries = await readZip(readFileSync(file));
  const text = (entryPath: string): string => {
    const entry = entries.find((candidate) => candidate.path === entryPath);
    if (!entry) throw new Error(`${file} has no ${entryPath}`);
    return entry.data.toString('utf8');
  };
  const manifest = JSON.parse(text('manifest.json')) as ExportManifest;
  const members = JSON.parse(text('members.json')) as { id: string; email: string }[];
  return {
    manifest,
    entries,
    text,
    emailOf: new Map(members.map((member) => [member.id, member.email])),
  };
}

/** The texts of a .vcf (cards) or an .ics (one VCALENDAR per object), by UID. */
function objectsByUid(text: string, kind: 'VCARD' | 'VCALENDAR'): Map<string, string> {
  const objects = new Map<string, string>();
  for (const match of text.matchAll(new RegExp(`BEGIN:${kind}\\r?\\n[\\s\\S]*?END:${kind}`, 'g'))) {
    const uid = /^UID:(.*?)\r?$/m.exec(match[0])?.[1];
    if (!uid) throw new Error(`An object without a UID:\n${match[0]}`);
    if (objects.has(uid)) throw new Error(`UID ${uid} twice in one collection`);
    objects.set(uid, match[0]);
  }
  return objects;
}

/** Lines that differ between two descriptions, labelled, for one readable list of differences. */
function compare(label: string, source: unknown, target: unknown, differences: string[]): void {
  const a = JSON.stringify(source, null, 1);
  const b = JSON.stringify(target, null, 1);
  if (a !== b) differences.push(`${label}:\n  source ${a}\n  target ${b}`);
}

function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

interface FileLine {
  path: string;
  entry: string;
  id: string;
  type: string;
  size: number;
  sha256: string | null;
  contentType: string | null;
  mtime: string;
  createdAt: string;
  author: string | null;
  trashed: boolean;
  trashedAt?: string;
  trashedBy?: string;
}

interface CollectionLine {
  id: string;
  name: string;
  displayName: string;
  description: string;
  color: string | null;
  ownerUserId: string | null;
  shared: boolean;
  sharedWithHousehold: boolean;
  components: string[];
  path: string;
  objects: number;
}

/**
 * Issue #8, "Fidelity, end to end": a hosted Foyer (PostgreSQL as the application role with RLS,
 * Redis and Bull, S3, SMTP: the harness's test app, listening on a real port) and an embedded
 * Foyer (the built program, `node bin/foyer.js`, with only a fresh data folder: its own
 * PostgreSQL, disk storage, in-process jobs) side by side. The source household is filled through
 * the REST API, moved with `foyer migrate` and a real migration token, exported again on the
 * target with `foyer export`, and the two archives are compared.
 */
describe('fidelity: a household moved from a hosted Foyer to an embedded one', () => {
  let source: TestApp;
  let sourceUrl: string;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let child: TestUser;
  let work: string;
  let dataDir: string;
  let port: number;

  /** `node bin/foyer.js <args>` on the target, as a self-hoster runs it: only the data folder. */
  const foyer = (...args: string[]): Promise<Ran> =>
    runFoyer(args, { FOYER_DATA_DIR: dataDir, PORT: String(port) }, 240_000);

  beforeAll(async () => {
    source = await createTestApp({ FOYER_PUBLIC_URL: 'http://hosted.test' });
    await source.app.listen(0, '127.0.0.1');
    sourceUrl = `http://127.0.0.1:${(source.server.address() as AddressInfo).port}`;
    owner = await createUser(source, { verified: true, displayName: 'Olive Owner' });
    admin = await createUser(source, { verified: true, displayName: 'Adam Admin' });
    member = await createUser(source, { verified: true, displayName: 'Mia Member' });
    child = await createUser(source, { verified: true, displayName: 'Chloé Child' });
    work = mkdtempSync(path.join(tmpdir(), 'foyer-fidelity-'));
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-fidelity-target-'));
    // PostgreSQL runs as its own user when the suite runs as root: it must reach the folder.
    chmodSync(dataDir, 0o755);
    port = await findFreePort();
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    // Every `foyer` command stops the embedded PostgreSQL it started; nothing else runs there.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('keeps the same files, mtimes, contacts, events, members and roles', async () => {
    // ---- The source household, filled through its REST API. ----
    const home = await createActiveHousehold(source.server, owner, 'The Fidelity Family');
    await addMember(source, home, admin, 'admin');
    await addMember(source, home, member, 'member');
    await addMember(source, home, child, 'child');
    const api = () => request(source.server);

    const longName = `${'é'.repeat(100)}${'x'.repeat(51)}.txt`;
    expect(Buffer.byteLength(longName)).toBe(255);
    await createFolder(source, owner, home.id, '/Photos/Summer 2025/Day 1');
    await createFolder(source, owner, home.id, '/Empty folder');
    await createFolder(source, owner, home.id, '/Kids');
    await createFolder(source, owner, home.id, '/Deep/a/b/c/still empty');
    const uploads: [TestUser, string, Buffer | string][] = [
      [owner, '/Photos/Summer 2025/Day 1/beach 🏖 sunset.jpg', Buffer.alloc(80_000, 7)],
      [admin, '/Photos/Summer 2025/🌞.png', Buffer.alloc(1234, 1)],
      [member, `/Documents/${longName}`, 'the longest name Foyer keeps'],
      [owner, '/Documents/Readme.md', 'mixed case'],
      [admin, '/Documents/README.md', 'UPPER CASE, another file'],
      [member, '/Documents/readme.md', 'lower case, a third one'],
      [owner, '/  spaced  out .txt', 'spaces around'],
      [child, '/Kids/drawing #1 (final) [v2].txt', 'crayons'],
      [owner, '/empty file', ''],
      [owner, '/Documents/old draft.txt', 'to the trash'],
    ];
    for (const [who, filePath, content] of uploads) {
      await uploadFile(source, who, home.id, filePath, content);
    }
    const trashed = await api()
      .delete(filesUrl(home.id, pathQuery('/Documents/old draft.txt')))
      .set(owner.auth);
    expect([200, 204]).toContain(trashed.status);
    // Modification times from a client that keeps them (WebDAV, sync): to the millisecond.
    await tenantQuery(
      source.db,
      home.id,
      `UPDATE file_nodes SET modified_at = '2001-02-03T04:05:06.789Z' WHERE name = 'Readme.md'`,
    );
    await tenantQuery(
      source.db,
      home.id,
      `UPDATE file_nodes SET modified_at = '1999-12-31T23:59:58Z' WHERE name = 'Empty folder'`,
    );

    // Contacts: the Family address book (REST and a .vcf import), and the admin's own one.
    const { familyBook, familyCalendar } = await listFamily(source, owner, home.id);
    for (const contact of [
      { fullName: 'Grand-mère Jeanne', phones: ['+33 6 12 34 56 78', '+33 1 23 45 67 89'] },
      { fullName: 'Dr. Who', emails: ['doctor@tardis.example'], note: 'Bigger inside' },
      { fullName: 'Plumber', organisation: 'Pipes & Co', phones: ['+44 20 7946 0000'] },
    ]) {
      await api()
        .post(pimUrl(home.id, `/addressbooks/${familyBook}/contacts`))
        .set(owner.auth)
        .send(contact)
        .expect(201);
    }
    const cards = await api()
      .post(pimUrl(home.id, `/addressbooks/${familyBook}/import`))
      .set(owner.auth)
      .set('Content-Type', 'text/vcard')
      .send(
        vcard('card-v4@fidelity', 'Zoë Four', ['TEL;TYPE=cell:+49 30 901820', 'EMAIL:z@x.test']) +
          vcard('card-v3@fidelity', 'Old Three', ['TEL:+1 202 555 0143']).replace(
            'VERSION:4.0',
            'VERSION:3.0',
          ),
      );
    expect(cards.body).toMatchObject({ imported: 2 });
    const adminBook = await api()
      .post(pimUrl(home.id, '/addressbooks'))
      .set(admin.auth)
      .send({ displayName: 'Work contacts', color: '#123456', sharedWithHousehold: true })
      .expect(201);
    await api()
      .post(pimUrl(home.id, `/addressbooks/${adminBook.body.id as string}/contacts`))
      .set(admin.auth)
      .send({ fullName: 'Boss', emails: ['boss@work.example'], phones: ['+33 9 99 99 99 99'] })
      .expect(201);

    // Events: recurring (REST, and an .ics with EXDATE and an overridden instance), all-day.
    await api()
      .post(pimUrl(home.id, `/calendars/${familyCalendar}/events`))
      .set(owner.auth)
      .send({
        summary: 'Piano lesson',
        start: '2026-01-05T17:00:00+01:00',
        end: '2026-01-05T18:00:00+01:00',
        rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=20',
        location: 'Salle 2',
      })
      .expect(201);
    await api()
      .post(pimUrl(home.id, `/calendars/${familyCalendar}/events`))
      .set(owner.auth)
      .send({ summary: 'Bastille Day', start: '2026-07-14', end: '2026-07-15', allDay: true })
      .expect(201);
    const ics = await api()
      .post(pimUrl(home.id, `/calendars/${familyCalendar}/import`))
      .set(owner.auth)
      .set('Content-Type', 'text/calendar')
      .send(
        vcalendar(
          [
            'BEGIN:VEVENT',
            'UID:swimming-weekly@fidelity',
            'DTSTAMP:20250101T000000Z',
            'DTSTART:20260107T160000Z',
            'DTEND:20260107T170000Z',
            'SUMMARY:Swimming',
            'RRULE:FREQ=WEEKLY;UNTIL=20260630T160000Z',
            'EXDATE:20260114T160000Z,20260211T160000Z',
            'END:VEVENT',
            'BEGIN:VEVENT',
            'UID:swimming-weekly@fidelity',
            'DTSTAMP:20250101T000000Z',
            'RECURRENCE-ID:20260121T160000Z',
            'DTSTART:20260121T170000Z',
            'DTEND:20260121T180000Z',
            'SUMMARY:Swimming (late)',
            'END:VEVENT',
          ],
          [
            'BEGIN:VEVENT',
            'UID:holidays@fidelity',
            'DTSTAMP:20250101T000000Z',
            'DTSTART;VALUE=DATE:20260801',
            'DTEND;VALUE=DATE:20260815',
            'SUMMARY:Holidays 🏕',
            'END:VEVENT',
          ],
        ),
      );
    expect(ics.body).toMatchObject({ imported: 2 });
    const memberCalendar = await api()
      .post(pimUrl(home.id, '/calendars'))
      .set(member.auth)
      .send({ displayName: 'Mia’s training', sharedWithHousehold: true })
      .expect(201);
    await api()
      .post(pimUrl(home.id, `/calendars/${memberCalendar.body.id as string}/events`))
      .set(member.auth)
      .send({
        summary: 'Run',
        start: '2026-03-01T07:00:00Z',
        end: '2026-03-01T08:00:00Z',
        rrule: 'FREQ=DAILY;INTERVAL=2;COUNT=15',
      })
      .expect(201);

    // A personal calendar Mia keeps private: personal means personal, so the household's
    // export leaves it out (and says so); only her own export carries it.
    const privateCalendar = await api()
      .post(pimUrl(home.id, '/calendars'))
      .set(member.auth)
      .send({ displayName: 'Mia’s diary' })
      .expect(201);
    await api()
      .post(pimUrl(home.id, `/calendars/${privateCalendar.body.id as string}/events`))
      .set(member.auth)
      .send({ summary: 'Dentist', start: '2026-04-02T09:00:00Z', end: '2026-04-02T10:00:00Z' })
      .expect(201);

    // ---- The source's archive, as its export writes it. ----
    const sourceZip = path.join(work, 'source.zip');
    await exportHousehold(source, home.id, sourceZip);

    // ---- The move: a migration token on the source, `foyer migrate` on the target. ----
    const token = await api()
      .post(`/api/v1/households/${home.id}/migration-tokens`)
      .set(owner.auth)
      .expect(201);
    expect(token.body.command).toContain(`--token ${token.body.token as string}`);
    // One command on a brand-new server: its data folder has no schema yet.
    const moved = await foyer(
      'migrate',
      '--from',
      sourceUrl,
      '--token',
      token.body.token as string,
      '--poll-ms',
      '100',
    );
    expect(moved.stderr).not.toContain('Import failed');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('Imported "The Fidelity Family" as the-fidelity-family');
    expect(moved.stdout).toContain('Members: 4 (0 matched to existing accounts, 4 new)');
    expect(moved.stdout).not.toContain('Skipped');
    expect(moved.stdout).toContain(
      'Note [calendars]: 1 personal calendar that its member keeps private (not shared with the household) left out',
    );
    // A fresh server: the household's owner became its administrator.
    expect(moved.stdout).toContain(`${owner.email} is now the administrator of this Foyer`);
    const address = /^ {2}address: (\S+)$/m.exec(moved.stdout)?.[1];
    expect(address).toMatch(/\/h\/the-fidelity-family$/);
    // It stopped the embedded PostgreSQL it started.
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // ---- The target's archive, from the built program. ----
    const targetZip = path.join(work, 'target.zip');
    const exported = await foyer(
      'export',
      '--household',
      'the-fidelity-family',
      '--out',
      targetZip,
    );
    expect(exported.stderr).not.toMatch(/error/i);
    expect(exported.code).toBe(0);

    // ---- Both archives are valid foyer-export archives. ----
    const verifier = new ArchiveVerifier();
    for (const file of [sourceZip, targetZip]) {
      const report = await verifier.verify(file);
      expect({ file, problems: report.problems }).toEqual({ file, problems: [] });
      expect(report.ok).toBe(true);
    }
    const before = await openArchive(sourceZip);
    const after = await openArchive(targetZip);
    expect(before.manifest.sections.calendars).toMatchObject({ privateLeftOut: 1 });
    expect(before.text('README.txt')).toContain(
      '- 1 personal calendar that its member keeps private (not shared with the household) left out',
    );
    for (const entry of before.manifest.entries.filter((e) => e.path.startsWith('calendars/'))) {
      expect(before.text(entry.path)).not.toContain('Dentist');
    }
    const differences: string[] = [];

    // The same entries. Not compared: the sizes and hashes of household.json, members.json,
    // audit.jsonl and files.jsonl (they hold ids, generated anew on the target, and the audit log
    // grows by the import), README.txt and manifest-level createdAt/generator; their contents are
    // compared field by field below.
    compare(
      'entry paths',
      before.manifest.entries.map((entry) => `${entry.type} ${entry.path}`).sort(),
      after.manifest.entries.map((entry) => `${entry.type} ${entry.path}`).sort(),
      differences,
    );
    // Files and folders, the trash included: path, type, size, SHA-256, modification time.
    const fileLines = (archive: Archive) =>
      archive.manifest.entries
        // `files/` itself is dated with the snapshot's time (each export's own), not a node's.
        .filter((entry) => entry.path !== 'files/')
        .filter((entry) => /^(files|trash)\//.test(entry.path))
        .map(
          (entry) =>
            `${entry.type} ${entry.path} ${entry.size} ${entry.sha256} ${entry.modifiedAt}`,
        )
        .sort();
    expect(fileLines(before).length).toBeGreaterThan(uploads.length);
    compare('manifest file entries', fileLines(before), fileLines(after), differences);
    compare('counts', before.manifest.counts.files, after.manifest.counts.files, differences);
    compare('folders', before.manifest.counts.folders, after.manifest.counts.folders, differences);
    compare(
      'sections',
      Object.keys(before.manifest.sections).sort(),
      Object.keys(after.manifest.sections).sort(),
      differences,
    );
    compare(
      'files section',
      before.manifest.sections.files,
      after.manifest.sections.files,
      differences,
    );

    // files.jsonl, to the millisecond. Not compared: `id` (generated on the target); `author`
    // and `trashedBy` are compared as the member's email.
    const fileRecords = (archive: Archive) =>
      sortedBy(
        jsonLines<FileLine>(archive.text('files.jsonl')).map((line) => ({
          path: line.path,
          entry: line.entry,
          type: line.type,
          size: line.size,
          sha256: line.sha256,
          contentType: line.contentType,
          mtime: line.mtime,
          createdAt: line.createdAt,
          author: line.author === null ? null : (archive.emailOf.get(line.author) ?? line.author),
          trashed: line.trashed,
          trashedAt: line.trashedAt,
          trashedBy: line.trashedBy && (archive.emailOf.get(line.trashedBy) ?? line.trashedBy),
        })),
        (line) => `${line.entry} ${line.path}`,
      );
    const sourceFiles = fileRecords(before);
    expect(sourceFiles.some((line) => line.mtime === '2001-02-03T04:05:06.789Z')).toBe(true);
    expect(sourceFiles.some((line) => line.path === `/Documents/${longName}`)).toBe(true);
    expect(sourceFiles.some((line) => line.trashed)).toBe(true);
    for (const [index, line] of sourceFiles.entries()) {
      compare(`files.jsonl ${line.entry}`, line, fileRecords(after)[index], differences);
    }
    compare('files.jsonl length', sourceFiles.length, fileRecords(after).length, differences);

    // Members and roles. Not compared: `id` (generated on the target).
    const members = (archive: Archive) =>
      sortedBy(
        (
          JSON.parse(archive.text('members.json')) as {
            email: string;
            displayName: string;
            role: string;
            joinedAt: string;
          }[]
        ).map(({ email, displayName, role, joinedAt }) => ({ email, displayName, role, joinedAt })),
        (line) => line.email,
      );
    expect(members(before).map((line) => `${line.email} ${line.role}`)).toEqual(
      [
        `${owner.email} owner`,
        `${admin.email} admin`,
        `${member.email} member`,
        `${child.email} child`,
      ].sort(),
    );
    compare('members.json', members(before), members(after), differences);

    // The household. Not compared: `id` (generated), `createdAt` (the new household's),
    // `status`, `plan` (the target's own limits).
    const household = (archive: Archive) => {
      const record = JSON.parse(archive.text('household.json')) as Record<string, unknown>;
      return { name: record.name, slug: record.slug, settings: record.settings };
    };
    compare('household.json', household(before), household(after), differences);

    // Contacts and calendars: each collection's metadata (owner by email; `id` not compared as
    // the target may give new ones), its entry, and every object's text by UID.
    for (const section of ['contacts', 'calendars'] as const) {
      const collections = (archive: Archive) =>
        sortedBy(
          ((archive.manifest.sections[section]?.collections ?? []) as CollectionLine[]).map(
            ({ id: _id, ownerUserId, ...rest }) => ({
              ...rest,
              owner:
                ownerUserId === null ? null : (archive.emailOf.get(ownerUserId) ?? ownerUserId),
            }),
          ),
          (collection) => collection.path,
        );
      expect(collections(before).length).toBeGreaterThanOrEqual(2);
      compare(`${section} collections`, collections(before), collections(after), differences);
      for (const collection of collections(before)) {
        // The collection's file: its size and SHA-256 (objects are written in UID order, so the
        // same collection is the same bytes on both servers). Not compared: its modification
        // time, which is the collection's `updated_at` (server bookkeeping, bumped by every
        // change on that server: the restore sets it to the time of the import, and the archive
        // has no field for it). Each object's text is also compared byte for byte by UID below,
        // so that a difference says which object.
        const entry = (archive: Archive) => {
          const found = archive.manifest.entries.find((e) => e.path === collection.path);
          return found && { size: found.size, sha256: found.sha256 };
        };
        compare(`${collection.path} entry`, entry(before), entry(after), differences);
        const kind = section === 'contacts' ? 'VCARD' : 'VCALENDAR';
        const objects = (archive: Archive) =>
          archive.manifest.entries.some((e) => e.path === collection.path)
            ? objectsByUid(archive.text(collection.path), kind)
            : new Map<string, string>();
        const was = objects(before);
        const now = objects(after);
        expect(was.size).toBe(collection.objects);
        compare(
          `${collection.path} UIDs`,
          [...was.keys()].sort(),
          [...now.keys()].sort(),
          differences,
        );
        const sorted = (texts: Map<string, string>) => [...texts.values()].sort().join('\n');
        if (sorted(was) !== sorted(now)) {
          differences.push(`${collection.path}: the objects' texts differ (sorted)`);
        }
        for (const [uid, text] of was) {
          if (now.get(uid) !== text)
            compare(`${collection.path} ${uid}`, text, now.get(uid), differences);
        }
      }
    }
    const swimming = objectsByUid(before.text('calendars/Family.ics'), 'VCALENDAR').get(
      'swimming-weekly@fidelity',
    );
    expect(swimming).toContain('EXDATE:20260114T160000Z,20260211T160000Z');
    expect(swimming).toContain('RECURRENCE-ID:20260121T160000Z');

    // Every difference at once, each labelled, so that one run shows them all.
    expect(differences).toEqual([]);

    // ---- The source shows the household as moved, to the target's address. ----
    const shown = await api().get(`/api/v1/households/${home.id}`).set(member.auth).expect(200);
    expect(shown.body.movedTo).toBe(address);
  }, 600_000);
});

/** The Family address book and calendar every provisioned household starts with. */
async function listFamily(
  source: TestApp,
  owner: TestUser,
  hid: string,
): Promise<{ familyBook: string; familyCalendar: string }> {
  const family = async (kind: 'addressbooks' | 'calendars') => {
    const listed = await request(source.server)
      .get(pimUrl(hid, `/${kind}`))
      .set(owner.auth);
    const found = (listed.body as { id: string; name: string }[]).find((c) => c.name === 'family');
    if (!found) throw new Error(`No Family ${kind}: ${JSON.stringify(listed.body)}`);
    return found.id;
  };
  return { familyBook: await family('addressbooks'), familyCalendar: await family('calendars') };
}
