import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { basicOf, listeningDav, ListeningDav, runClient } from './clients';

const card = (uid: string, fn: string, tel = '') =>
  [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    `FN:${fn}`,
    `N:${fn.split(' ').reverse().join(';')};;;`,
    ...(tel ? [`TEL;TYPE=CELL:${tel}`] : []),
    'END:VCARD',
    '',
  ].join('\r\n');

const calendar = (uid: string, summary: string, start: string, extra: string[] = []) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Foyer tests//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    `SUMMARY:${summary}`,
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/**
 * Debian's vdirsyncer against Foyer, unattended: discovery from the context root, then two-way
 * syncs of the Family address book and calendar with local folders, and a conflict resolved by
 * `conflict_resolution = "a wins"` (Foyer's version is kept on both sides).
 */
describe('dav clients: vdirsyncer', () => {
  let env: ListeningDav;
  let work: string;
  let config: string;

  const vdirsyncer = (...args: string[]) =>
    runClient('vdirsyncer', ['-c', config, ...args], {
      input: 'y\n'.repeat(20),
      env: { HOME: work },
      timeoutMs: 60000,
    });
  const davUrl = (kind: 'addressbooks' | 'calendars', name: string) =>
    `/dav/${kind}/${env.home.slug}/family/${encodeURIComponent(name)}`;
  const put = (kind: 'addressbooks' | 'calendars', name: string, body: string) =>
    request(env.testApp.server)
      .put(davUrl(kind, name))
      .set('Authorization', basicOf(env))
      .set('Content-Type', kind === 'calendars' ? 'text/calendar' : 'text/vcard')
      .send(body);
  const get = (kind: 'addressbooks' | 'calendars', name: string) =>
    request(env.testApp.server)
      .get(davUrl(kind, name))
      .set('Authorization', basicOf(env))
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      });
  const local = (kind: 'contacts' | 'calendars') => path.join(work, kind, 'family');
  const localFiles = (kind: 'contacts' | 'calendars') =>
    readdirSync(local(kind))
      .filter((name) => !name.startsWith('.'))
      .sort();
  const localWith = (kind: 'contacts' | 'calendars', text: string) =>
    localFiles(kind).find((name) =>
      readFileSync(path.join(local(kind), name), 'utf8').includes(text),
    );

  beforeAll(async () => {
    env = await listeningDav('vdirsyncer');
    work = mkdtempSync(path.join(tmpdir(), 'vdirsyncer-'));
    config = path.join(work, 'config');
    const remote = (type: string) =>
      [
        `type = "${type}"`,
        `url = "http://127.0.0.1:${env.port}/dav/"`,
        `username = "${env.email}"`,
        `password = "${env.password}"`,
      ].join('\n');
    writeFileSync(
      config,
      [
        '[general]',
        `status_path = "${path.join(work, 'status')}/"`,
        '',
        '[pair contacts]',
        'a = "foyer_contacts"',
        'b = "local_contacts"',
        'collections = ["from a"]',
        'conflict_resolution = "a wins"',
        '',
        '[storage foyer_contacts]',
        remote('carddav'),
        '',
        '[storage local_contacts]',
        'type = "filesystem"',
        `path = "${path.join(work, 'contacts')}/"`,
        'fileext = ".vcf"',
        '',
        '[pair calendars]',
        'a = "foyer_calendars"',
        'b = "local_calendars"',
        'collections = ["from a"]',
        'conflict_resolution = "a wins"',
        '',
        '[storage foyer_calendars]',
        remote('caldav'),
        '',
        '[storage local_calendars]',
        'type = "filesystem"',
        `path = "${path.join(work, 'calendars')}/"`,
        'fileext = ".ics"',
        '',
      ].join('\n'),
    );
    for (const [uid, fn] of [
      ['alice', 'Alice Martin'],
      ['bob', 'Bob Durand'],
      ['carol', 'Carol Petit'],
    ]) {
      await put('addressbooks', `${uid}.vcf`, card(uid, fn, '06 12 34 56 78')).expect(201);
    }
    await put(
      'calendars',
      'dentist.ics',
      calendar('dentist', 'Dentist', '20260310T090000Z'),
    ).expect(201);
    await put(
      'calendars',
      'piano.ics',
      calendar('piano', 'Piano', '20260302T170000Z', ['RRULE:FREQ=WEEKLY;COUNT=20']),
    ).expect(201);
    await put('calendars', 'trip.ics', calendar('trip', 'Trip', '20260704T080000Z')).expect(201);
  }, 60000);

  afterAll(async () => {
    await env?.testApp.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('discovers the Family collections and pulls them down', async () => {
    const discovered = await vdirsyncer('discover');
    expect(discovered.stderr + discovered.stdout).not.toMatch(/error/i);
    expect(discovered.code).toBe(0);
    const synced = await vdirsyncer('sync');
    expect(synced.code).toBe(0);
    expect(localFiles('contacts')).toHaveLength(3);
    expect(localFiles('calendars')).toHaveLength(3);
    // Stored as sent: the local copy is the server's text.
    const alice = localWith('contacts', 'UID:alice');
    expect(alice).toBeDefined();
    expect(readFileSync(path.join(local('contacts'), alice as string), 'utf8')).toBe(
      card('alice', 'Alice Martin', '06 12 34 56 78'),
    );
  }, 120000);

  it('pushes new, changed and deleted local files to Foyer', async () => {
    writeFileSync(path.join(local('contacts'), 'dave.vcf'), card('dave', 'Dave Roux'));
    const bob = localWith('contacts', 'UID:bob') as string;
    writeFileSync(path.join(local('contacts'), bob), card('bob', 'Robert Durand'));
    writeFileSync(
      path.join(local('calendars'), 'party.ics'),
      calendar('party', 'Party', '20260620T190000Z'),
    );
    unlinkSync(path.join(local('calendars'), localWith('calendars', 'UID:trip') as string));

    const synced = await vdirsyncer('sync');
    expect(synced.code).toBe(0);

    const report = await new request.Test(
      env.testApp.server,
      'REPORT',
      `/dav/addressbooks/${env.home.slug}/family/`,
    )
      .set('Authorization', basicOf(env))
      .set('Depth', '1')
      .send(
        '<C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">' +
          '<D:prop><C:address-data/></D:prop></C:addressbook-query>',
      )
      .expect(207);
    expect(report.text).toContain('FN:Dave Roux');
    expect(report.text).toContain('FN:Robert Durand');
    expect(report.text).not.toContain('FN:Bob Durand');

    const calendarReport = await new request.Test(
      env.testApp.server,
      'REPORT',
      `/dav/calendars/${env.home.slug}/family/`,
    )
      .set('Authorization', basicOf(env))
      .set('Depth', '1')
      .send(
        '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
          '<D:prop><C:calendar-data/></D:prop>' +
          '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>' +
          '</C:calendar-query>',
      )
      .expect(207);
    expect(calendarReport.text).toContain('UID:party');
    expect(calendarReport.text).not.toContain('UID:trip');
    expect(calendarReport.text).toContain('UID:piano');
  }, 120000);

  it('pulls changes and deletions made on Foyer', async () => {
    const current = await get('addressbooks', 'carol.vcf').expect(200);
    await put('addressbooks', 'carol.vcf', card('carol', 'Caroline Petit'))
      .set('If-Match', current.headers.etag as string)
      .expect(204);
    await request(env.testApp.server)
      .delete(davUrl('calendars', 'dentist.ics'))
      .set('Authorization', basicOf(env))
      .expect(204);

    const synced = await vdirsyncer('sync');
    expect(synced.code).toBe(0);
    const carol = localWith('contacts', 'UID:carol') as string;
    expect(readFileSync(path.join(local('contacts'), carol), 'utf8')).toContain(
      'FN:Caroline Petit',
    );
    expect(localWith('calendars', 'UID:dentist')).toBeUndefined();
    expect(localFiles('calendars')).toHaveLength(2);
  }, 120000);

  it('resolves a conflict as configured: Foyer ("a") wins on both sides', async () => {
    const alice = localWith('contacts', 'UID:alice') as string;
    writeFileSync(path.join(local('contacts'), alice), card('alice', 'Alice Local'));
    const current = await get('addressbooks', 'alice.vcf').expect(200);
    await put('addressbooks', 'alice.vcf', card('alice', 'Alice Server'))
      .set('If-Match', current.headers.etag as string)
      .expect(204);

    const synced = await vdirsyncer('sync');
    expect(synced.code).toBe(0);
    expect(readFileSync(path.join(local('contacts'), alice), 'utf8')).toContain('FN:Alice Server');
    const after = await get('addressbooks', 'alice.vcf').expect(200);
    expect(after.body).toContain('FN:Alice Server');
    expect(after.body).not.toContain('Alice Local');

    // A second sync finds nothing left to do.
    const again = await vdirsyncer('sync');
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).not.toMatch(/Copying|Updating|Deleting/);
  }, 120000);
});
