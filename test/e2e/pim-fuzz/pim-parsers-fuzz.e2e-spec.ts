import fc from 'fast-check';
import request from 'supertest';
import { addMember } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { basicAuth } from '../dav/dav-fixture';
import { pimHousehold, PimFixture, pimUrl } from '../pim-rest/pim-rest-fixture';
import {
  calendarObject,
  icalDate,
  mutated,
  POISON_ZONE,
  rrule,
  vcardObject,
} from './pim-arbitraries';

/**
 * Property-based fuzzing of the iCalendar and vCard parsers through every way text enters:
 * CalDAV and CardDAV PUT, the REST import of .ics and .vcf, REST events with a random RRULE,
 * then the queries that expand what was stored (REST listings, CalDAV time-range and expand
 * REPORTs). Whatever the input, the server answers 2xx or 4xx, never 5xx, and in time (the
 * per-request budget below only catches hangs), and `/health` still answers. Runs are few so
 * the suite stays fast; a failure prints the seed and the shrunk input that reproduces it.
 */
describe('pim parsers: the reported attack, and fuzzing', () => {
  jest.setTimeout(600_000);
  /** Far above any bounded answer; only a hang or a runaway expansion gets near it. */
  const REQUEST_BUDGET_MS = 20_000;
  const RUNS = 25;

  let testApp: TestApp;
  let fx: PimFixture;
  let child: TestUser;
  let childBasic: string;
  let slug: string;
  let counter = 0;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimHousehold(testApp, 'Fuzzed home');
    slug = fx.home.slug;
    // The reported attacker was any member, a child too.
    child = await createUser(testApp, { verified: true });
    await addMember(testApp, fx.home, child, 'child');
    const created = await request(testApp.server)
      .post('/api/v1/me/app-passwords')
      .set(child.auth)
      .send({ label: 'fuzz' })
      .expect(201);
    childBasic = basicAuth(child.email, (created.body as { password: string }).password);
  });
  afterAll(async () => {
    await testApp?.close();
  });

  function expectHandled(response: request.Response, what: string, input: string): void {
    if (response.status >= 500 || response.status < 200) {
      throw new Error(
        `${what} answered ${response.status} (${JSON.stringify(response.body ?? response.text).slice(0, 300)}) ` +
          `for ${input.length} characters:\n${input.slice(0, 2000)}`,
      );
    }
  }

  async function expectHealthy(): Promise<void> {
    const health = await request(testApp.server).get('/health').timeout(REQUEST_BUDGET_MS);
    expect(health.status).toBe(200);
  }

  const range = fc.tuple(icalDate, fc.integer({ min: 1, max: 365 })).map(([date, days]) => {
    const start = /^(\d{4})(\d{2})(\d{2})/.exec(date);
    const from = new Date(
      Date.UTC(Number(start?.[1] ?? 2026), Number(start?.[2] ?? 1) - 1, Number(start?.[3] ?? 1)),
    );
    const valid = Number.isFinite(from.getTime()) ? from : new Date(Date.UTC(2026, 0, 1));
    return { from: valid, to: new Date(valid.getTime() + days * 86_400_000) };
  });

  /** The reported object: 337 bytes, a STANDARD observance repeating every second since 1601. */
  const ATTACK = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    ...POISON_ZONE,
    'BEGIN:VEVENT',
    'UID:attack@example.com',
    'DTSTAMP:20250101T000000Z',
    'DTSTART;TZID=X:20250101T100000',
    'DTEND;TZID=X:20250101T110000',
    'SUMMARY:x',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

  it('refuses the reported object from a child over CalDAV with 403 valid-calendar-object-resource', async () => {
    const put = await request(testApp.server)
      .put(`/dav/calendars/${slug}/family/attack.ics`)
      .set('Authorization', childBasic)
      .set('Content-Type', 'text/calendar; charset=utf-8')
      .timeout(REQUEST_BUDGET_MS)
      .send(ATTACK);
    expect(put.status).toBe(403);
    expect(put.text).toContain('valid-calendar-object-resource');
    await expectHealthy();
  });

  it('skips the reported object in a REST import, keeping the rest, and refuses NULs', async () => {
    const good = ATTACK.replace('UID:attack@example.com', 'UID:fine@example.com').replace(
      'RRULE:FREQ=SECONDLY',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    );
    const imported = await request(testApp.server)
      .post(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/import`))
      .set(child.auth)
      .set('Content-Type', 'text/calendar')
      .timeout(REQUEST_BUDGET_MS)
      .send(ATTACK + good);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      imported: 1,
      skipped: [{ index: 0, reason: expect.stringMatching(/too complex/) }],
    });
    const nul = await request(testApp.server)
      .put(`/dav/addressbooks/${slug}/family/nul.vcf`)
      .set('Authorization', childBasic)
      .set('Content-Type', 'text/vcard; charset=utf-8')
      .send('BEGIN:VCARD\r\nVERSION:4.0\r\nUID:nul\r\nFN:a\u0000b\r\nEND:VCARD\r\n');
    expect(nul.status).toBe(403);
    expect(nul.text).toContain('valid-address-data');
    const event = await request(testApp.server)
      .post(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/events`))
      .set(child.auth)
      .send({
        summary: 'Never',
        start: '2026-01-01T10:00:00Z',
        end: '2026-01-01T11:00:00Z',
        rrule: 'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30',
      });
    expect(event.status).toBe(400);
    expect(event.body.code).toBe('OBJECT_TOO_COMPLEX');
    await expectHealthy();
  });

  it('CalDAV: PUT, then time-range and expand REPORTs, never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(calendarObject), range, async (text, { from, to }) => {
        const href = `/dav/calendars/${slug}/family/fuzz-${counter++}.ics`;
        const put = await request(testApp.server)
          .put(href)
          .set('Authorization', childBasic)
          .set('Content-Type', 'text/calendar; charset=utf-8')
          .timeout(REQUEST_BUDGET_MS)
          .send(text);
        expectHandled(put, 'CalDAV PUT', text);
        const stamp = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');
        const report = await new request.Test(
          testApp.server,
          'REPORT',
          `/dav/calendars/${slug}/family/`,
        )
          .set('Authorization', childBasic)
          .set('Depth', '1')
          .set('Content-Type', 'application/xml')
          .timeout(REQUEST_BUDGET_MS)
          .send(
            `<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
              `<D:prop><C:calendar-data><C:expand start="${stamp(from)}" end="${stamp(to)}"/></C:calendar-data></D:prop>` +
              `<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">` +
              `<C:time-range start="${stamp(from)}" end="${stamp(to)}"/>` +
              `<C:prop-filter name="SUMMARY"><C:text-match>a</C:text-match></C:prop-filter>` +
              `</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`,
          );
        expectHandled(report, 'CalDAV REPORT', text);
        if (put.status < 300) {
          await request(testApp.server).delete(href).set('Authorization', childBasic);
        }
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('CardDAV: PUT never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(vcardObject), async (text) => {
        const put = await request(testApp.server)
          .put(`/dav/addressbooks/${slug}/family/fuzz-${counter++}.vcf`)
          .set('Authorization', childBasic)
          .set('Content-Type', 'text/vcard; charset=utf-8')
          .timeout(REQUEST_BUDGET_MS)
          .send(text);
        expectHandled(put, 'CardDAV PUT', text);
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('REST: imports of .ics and .vcf files, then event listings, never answer 5xx', async () => {
    const file = (base: fc.Arbitrary<string>) =>
      fc.array(mutated(base), { minLength: 1, maxLength: 4 }).map((texts) => texts.join(''));
    await fc.assert(
      fc.asyncProperty(
        file(calendarObject),
        file(vcardObject),
        range,
        async (ics, vcf, { from, to }) => {
          const events = await request(testApp.server)
            .post(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/import`))
            .set(child.auth)
            .set('Content-Type', 'text/calendar')
            .timeout(REQUEST_BUDGET_MS)
            .send(ics);
          expectHandled(events, 'REST .ics import', ics);
          const cards = await request(testApp.server)
            .post(pimUrl(fx.home.id, `/addressbooks/${fx.familyBook}/import`))
            .set(child.auth)
            .set('Content-Type', 'text/vcard')
            .timeout(REQUEST_BUDGET_MS)
            .send(vcf);
          expectHandled(cards, 'REST .vcf import', vcf);
          const listing = await request(testApp.server)
            .get(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/events`))
            .query({ from: from.toISOString(), to: to.toISOString() })
            .set(child.auth)
            .timeout(REQUEST_BUDGET_MS);
          expectHandled(listing, 'REST event listing', ics);
        },
      ),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('REST: events with random recurrence rules never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        rrule,
        fc.constantFrom(null, 'Europe/Paris', 'America/St_Johns', 'Pacific/Chatham'),
        async (rule, timeZone) => {
          const created = await request(testApp.server)
            .post(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/events`))
            .set(child.auth)
            .timeout(REQUEST_BUDGET_MS)
            .send({
              summary: 'Fuzzed',
              start: '2026-03-29T01:30:00+01:00',
              end: '2026-03-29T02:30:00+01:00',
              rrule: rule,
              timeZone,
            });
          expectHandled(created, 'REST event', rule);
          const listing = await request(testApp.server)
            .get(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/events`))
            .query({ from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' })
            .set(child.auth)
            .timeout(REQUEST_BUDGET_MS);
          expectHandled(listing, 'REST event listing', rule);
        },
      ),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });
});
