import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  PimFixture,
  pimHousehold,
  pimUrl,
  textParser,
  vcalendar,
  vcard,
  vevent,
} from './pim-rest-fixture';

interface Report {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: { index: number; uid?: string; reason: string }[];
}

const CONTACTS = 3000;

/**
 * 3,000 cards as a phone would export them, with bad ones at known places: what the report must
 * say about them, exactly.
 */
function phoneExport(): { text: string; skipped: Report['skipped']; valid: number } {
  const cards: string[] = [];
  const skipped: Report['skipped'] = [];
  for (let index = 0; index < CONTACTS; index++) {
    const uid = `contact-${index}`;
    if (index % 500 === 7) {
      cards.push(['BEGIN:VCARD', 'VERSION:4.0', `UID:${uid}`, 'END:VCARD', ''].join('\r\n'));
      skipped.push({ index, reason: 'A vCard needs a formatted name (FN)' });
    } else if (index === 100) {
      cards.push(vcard('contact-99', 'Copy of 99'));
      skipped.push({
        index,
        uid: 'contact-99',
        reason: 'duplicate UID in the file (first at index 99)',
      });
    } else if (index === 2000) {
      cards.push(vcard(uid, 'Huge', [`NOTE:${'x'.repeat(1024 * 1024)}`]));
      skipped.push({ index, reason: 'the entry is larger than 1024 KiB' });
    } else if (index === 2500) {
      cards.push(
        [
          'BEGIN:VCARD',
          'VERSION:4.0',
          `UID:${uid}`,
          'FN:Broken',
          'NO COLON HERE',
          'END:VCARD',
          '',
        ].join('\r\n'),
      );
      skipped.push({ index, reason: expect.stringMatching(/^Not a vCard/) as unknown as string });
    } else {
      cards.push(
        vcard(uid, `Person ${String(index).padStart(4, '0')}`, [
          `EMAIL:p${index}@example.com`,
          `TEL:+3361${String(index).padStart(7, '0')}`,
        ]),
      );
    }
  }
  cards.push('BEGIN:VCARD\r\nVERSION:4.0\r\nUID:cut\r\nFN:Cut off\r\n');
  skipped.push({ index: CONTACTS, reason: 'the card has no END:VCARD before the end of the file' });
  return { text: cards.join(''), skipped, valid: CONTACTS - skipped.length + 1 };
}

describe('pim REST: import and export', () => {
  let testApp: TestApp;
  let fx: PimFixture;
  let stranger: PimFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimHousehold(testApp);
    stranger = await pimHousehold(testApp, 'Elsewhere');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => request(testApp.server);

  async function newCollection(kind: 'addressbooks' | 'calendars', displayName: string) {
    const response = await api()
      .post(pimUrl(fx.home.id, `/${kind}`))
      .set(fx.owner.auth)
      .send({ displayName });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  function importInto(kind: 'addressbooks' | 'calendars', id: string, body: string | Buffer) {
    return api()
      .post(pimUrl(fx.home.id, `/${kind}/${id}/import`))
      .set(fx.owner.auth)
      .set('Content-Type', kind === 'addressbooks' ? 'text/vcard' : 'text/calendar')
      .send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }

  async function exportOf(kind: 'addressbooks' | 'calendars', id: string) {
    const response = await api()
      .get(pimUrl(fx.home.id, `/${kind}/${id}/export`))
      .set(fx.owner.auth)
      .buffer(true)
      .parse(textParser);
    expect(response.status).toBe(200);
    return response;
  }

  /** uid → etag of every contact of a book, through the listing. */
  async function etags(book: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const response = await api()
        .get(
          pimUrl(
            fx.home.id,
            `/addressbooks/${book}/contacts?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          ),
        )
        .set(fx.owner.auth);
      expect(response.status).toBe(200);
      for (const item of response.body.items as { uid: string; etag: string }[]) {
        found.set(item.uid, item.etag);
      }
      cursor = response.body.nextCursor as string | null;
    } while (cursor);
    return found;
  }

  it('imports 3,000 contacts entry by entry with an exact report, idempotently', async () => {
    const book = await newCollection('addressbooks', 'Phone');
    const file = phoneExport();
    const first = await importInto('addressbooks', book, file.text);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      imported: file.valid,
      updated: 0,
      unchanged: 0,
      skipped: file.skipped,
    });
    const stored = await etags(book);
    expect(stored.size).toBe(file.valid);
    expect(stored.has('contact-99')).toBe(true);
    expect(stored.has('contact-7')).toBe(false);

    const again = await importInto('addressbooks', book, file.text);
    expect(again.body).toEqual({
      imported: 0,
      updated: 0,
      unchanged: file.valid,
      skipped: file.skipped,
    });
    expect(await etags(book)).toEqual(stored);

    const changed = file.text.replace('FN:Person 0042\r\n', 'FN:Person 42 (new name)\r\n');
    const third = await importInto('addressbooks', book, changed);
    expect(third.body).toMatchObject({ imported: 0, updated: 1, unchanged: file.valid - 1 });
    const search = await api()
      .get(pimUrl(fx.home.id, `/addressbooks/${book}/contacts?q=new%20name`))
      .set(fx.owner.auth);
    expect(search.body.items.map((c: { uid: string }) => c.uid)).toEqual(['contact-42']);
  });

  it('exports a .vcf that imports back into identical contacts', async () => {
    const book = await newCollection('addressbooks', 'Round: trip/1');
    const created = await api()
      .post(pimUrl(fx.home.id, `/addressbooks/${book}/contacts`))
      .set(fx.owner.auth)
      .send({ fullName: 'Zoé Ünïcode', emails: ['zoe@example.com'], note: 'line 1\nline 2' });
    expect(created.status).toBe(201);
    await importInto(
      'addressbooks',
      book,
      vcard('v3', 'Three', ['TEL;TYPE=CELL:06 12 34 56 78']).replace('VERSION:4.0', 'VERSION:3.0') +
        vcard('v4', 'Four', ['PHOTO:data:image/png;base64,iVBORw0KGgo=']),
    );
    const exported = await exportOf('addressbooks', book);
    expect(exported.headers['content-type']).toBe('text/vcard; charset=utf-8');
    // ":" and "/" cannot be in a file name on every system: they become spaces.
    expect(exported.headers['content-disposition']).toBe(
      `attachment; filename="Round trip 1.vcf"; filename*=UTF-8''Round%20trip%201.vcf`,
    );
    const text = exported.body as string;
    expect(text.match(/BEGIN:VCARD/g)).toHaveLength(3);
    const copy = await newCollection('addressbooks', 'Copy');
    const report = await importInto('addressbooks', copy, text);
    expect(report.body).toEqual({ imported: 3, updated: 0, unchanged: 0, skipped: [] });
    expect(await etags(copy)).toEqual(await etags(book));
  });

  const ZONE = [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Paris',
    'BEGIN:STANDARD',
    'DTSTART:19701025T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:19700329T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ];

  it('imports an .ics with overrides, zones and bad components; exports it back whole', async () => {
    const calendar = await newCollection('calendars', 'Imported');
    const file = vcalendar(
      ZONE,
      vevent('weekly', '20250303T170000', ['RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:Choir']).map(
        (line) => (line.startsWith('DTSTART') ? 'DTSTART;TZID=Europe/Paris:20250303T170000' : line),
      ),
      vevent('no-start', '20250304T100000Z').filter((line) => !line.startsWith('DTSTART')),
      vevent('weekly', '20250310T180000Z', [
        'RECURRENCE-ID;TZID=Europe/Paris:20250310T170000',
        'SUMMARY:Choir (moved)',
      ]),
      vevent('single', '20250305T100000Z', ['SUMMARY:Single']),
      vevent('single', '20250306T100000Z', ['SUMMARY:Single again']),
      ['BEGIN:VEVENT', 'DTSTART:20250305T100000Z', 'END:VEVENT'],
    );
    const first = await importInto('calendars', calendar, file);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      imported: 2,
      updated: 0,
      unchanged: 0,
      skipped: [
        { index: 1, uid: 'no-start', reason: 'A VEVENT needs a DTSTART' },
        { index: 4, uid: 'single', reason: 'duplicate UID in the file (first at index 3)' },
        { index: 5, reason: 'VEVENT has no UID' },
      ],
    });
    const again = await importInto('calendars', calendar, file);
    expect(again.body).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });

    const listed = await api()
      .get(
        pimUrl(
          fx.home.id,
          `/calendars/${calendar}/events?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z`,
        ),
      )
      .set(fx.owner.auth);
    expect(
      listed.body.items.map((o: { summary: string; start: string }) => [o.summary, o.start]),
    ).toEqual([
      ['Choir', '2025-03-03T16:00:00.000Z'],
      ['Single', '2025-03-05T10:00:00.000Z'],
      ['Choir (moved)', '2025-03-10T18:00:00.000Z'],
      ['Choir', '2025-03-17T16:00:00.000Z'],
    ]);

    const exported = await exportOf('calendars', calendar);
    expect(exported.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(exported.headers['content-disposition']).toContain('filename="Imported.ics"');
    const text = exported.body as string;
    expect(text.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(text).toContain('X-WR-CALNAME:Imported');

    const copy = await newCollection('calendars', 'Copy');
    const report = await importInto('calendars', copy, text);
    expect(report.body).toEqual({ imported: 2, updated: 0, unchanged: 0, skipped: [] });
    const copied = await api()
      .get(
        pimUrl(
          fx.home.id,
          `/calendars/${copy}/events?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z`,
        ),
      )
      .set(fx.owner.auth);
    const strip = (items: { id: string; etag: string }[]) =>
      items.map(({ id: _id, etag: _etag, ...rest }) => rest);
    expect(strip(copied.body.items)).toEqual(strip(listed.body.items));
  });

  it('round-trips events created in the web app to the same text', async () => {
    const calendar = await newCollection('calendars', 'Web');
    const created = await api()
      .post(pimUrl(fx.home.id, `/calendars/${calendar}/events`))
      .set(fx.owner.auth)
      .send({ summary: 'Picnic', start: '2025-06-01', end: '2025-06-02', allDay: true });
    expect(created.status).toBe(201);
    const text = (await exportOf('calendars', calendar)).body as string;
    const copy = await newCollection('calendars', 'Web copy');
    expect((await importInto('calendars', copy, text)).body).toMatchObject({ imported: 1 });
    const listed = await api()
      .get(
        pimUrl(
          fx.home.id,
          `/calendars/${copy}/events?from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z`,
        ),
      )
      .set(fx.owner.auth);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        uid: created.body.uid,
        etag: created.body.etag,
        summary: 'Picnic',
      }),
    ]);
  });

  it('refuses files that hold nothing, the wrong kind, JSON, and files too large', async () => {
    const book = await newCollection('addressbooks', 'Refusals');
    const empty = await importInto('addressbooks', book, 'hello\n');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('INVALID_VCARD');
    const calendarFile = await importInto(
      'addressbooks',
      book,
      vcalendar(vevent('a', '20250101T000000Z')),
    );
    expect(calendarFile.status).toBe(400);
    const notCalendar = await importInto('calendars', fx.familyCalendar, vcard('a', 'A'));
    expect(notCalendar.status).toBe(400);
    expect(notCalendar.body.code).toBe('INVALID_ICALENDAR');
    const json = await api()
      .post(pimUrl(fx.home.id, `/addressbooks/${book}/import`))
      .set(fx.owner.auth)
      .send({ vcard: vcard('a', 'A') });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await importInto('addressbooks', book, Buffer.alloc(32 * 1024 * 1024 + 1, 'a'));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const listed = await api()
      .get(pimUrl(fx.home.id, `/addressbooks/${book}/contacts`))
      .set(fx.owner.auth);
    expect(listed.body.items).toEqual([]);
  });

  it('answers 404 for unknown collections and other households', async () => {
    const unknown = await importInto(
      'addressbooks',
      '00000000-0000-0000-0000-000000000000',
      vcard('a', 'A'),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('COLLECTION_NOT_FOUND');
    const wrongKind = await importInto('calendars', fx.familyBook, vcard('a', 'A'));
    expect(wrongKind.status).toBe(404);
    const theirs = await api()
      .post(pimUrl(fx.home.id, `/addressbooks/${stranger.familyBook}/import`))
      .set(fx.owner.auth)
      .set('Content-Type', 'text/vcard')
      .send(vcard('a', 'A'));
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('COLLECTION_NOT_FOUND');
    const export_ = await api()
      .get(pimUrl(fx.home.id, `/calendars/${stranger.familyCalendar}/export`))
      .set(fx.owner.auth);
    expect(export_.status).toBe(404);
  });
});
