import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { PimFixture, pimHousehold, pimUrl } from './pim-rest-fixture';

interface Occurrence {
  id: string;
  start: string;
  end: string;
}

const paris = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Issue 5: events written through REST keep their local time across DST changes. */
describe('pim REST: events in a time zone', () => {
  let testApp: TestApp;
  let fx: PimFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimHousehold(testApp, 'Time zones');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => request(testApp.server);
  const events = (rest = '') => pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/events${rest}`);
  const marchApril = `?from=${encodeURIComponent('2026-03-01T00:00:00Z')}&to=${encodeURIComponent(
    '2026-05-01T00:00:00Z',
  )}`;

  async function occurrencesOf(id: string): Promise<Occurrence[]> {
    const listed = await api().get(events(marchApril)).set(fx.owner.auth);
    expect(listed.status).toBe(200);
    return (listed.body.items as Occurrence[]).filter((o) => o.id === id);
  }

  it('keeps a weekly 18:00 Europe/Paris event at 18:00 Paris time after the clocks change', async () => {
    const created = await api().post(events()).set(fx.owner.auth).send({
      summary: 'Choir',
      start: '2026-03-02T18:00:00+01:00',
      end: '2026-03-02T19:30:00+01:00',
      rrule: 'FREQ=WEEKLY',
      timeZone: 'Europe/Paris',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      start: '2026-03-02T17:00:00.000Z',
      end: '2026-03-02T18:30:00.000Z',
      timeZone: 'Europe/Paris',
    });
    const read = await api()
      .get(events(`/${created.body.id}`))
      .set(fx.owner.auth);
    expect(read.body.timeZone).toBe('Europe/Paris');

    const mine = await occurrencesOf(created.body.id);
    expect(mine).toHaveLength(9);
    for (const occurrence of mine) {
      expect(paris.format(new Date(occurrence.start))).toBe('Mon 18:00');
      expect(paris.format(new Date(occurrence.end))).toBe('Mon 19:30');
    }
    expect(mine.map((o) => o.start)).toEqual([
      '2026-03-02T17:00:00.000Z',
      '2026-03-09T17:00:00.000Z',
      '2026-03-16T17:00:00.000Z',
      '2026-03-23T17:00:00.000Z',
      // 29 March 2026: Paris moves to UTC+2.
      '2026-03-30T16:00:00.000Z',
      '2026-04-06T16:00:00.000Z',
      '2026-04-13T16:00:00.000Z',
      '2026-04-20T16:00:00.000Z',
      '2026-04-27T16:00:00.000Z',
    ]);

    // Moved to 19:00 with PATCH (no timeZone given): the event stays in Europe/Paris.
    const moved = await api()
      .patch(events(`/${created.body.id}`))
      .set(fx.owner.auth)
      .send({ start: '2026-03-02T19:00:00+01:00', end: '2026-03-02T20:00:00+01:00' });
    expect(moved.status).toBe(200);
    expect(moved.body.timeZone).toBe('Europe/Paris');
    const after = await occurrencesOf(created.body.id);
    expect(after).toHaveLength(9);
    for (const occurrence of after) {
      expect(paris.format(new Date(occurrence.start))).toBe('Mon 19:00');
    }

    // The stored iCalendar, as CalDAV clients read it: local time with TZID and a VTIMEZONE.
    const exported = await api()
      .get(pimUrl(fx.home.id, `/calendars/${fx.familyCalendar}/export`))
      .set(fx.owner.auth);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('DTSTART;TZID=Europe/Paris:20260302T190000');
    expect(exported.text).toContain('TZID:Europe/Paris');
  });

  it('without a time zone, keeps writing UTC (the recurrence follows UTC)', async () => {
    const created = await api().post(events()).set(fx.owner.auth).send({
      summary: 'UTC standup',
      start: '2026-03-03T17:00:00Z',
      end: '2026-03-03T17:15:00Z',
      rrule: 'FREQ=WEEKLY;COUNT=6',
    });
    expect(created.status).toBe(201);
    expect(created.body.timeZone).toBeNull();
    const mine = await occurrencesOf(created.body.id);
    expect(mine.map((o) => o.start.slice(11))).toEqual(Array(6).fill('17:00:00.000Z'));
  });

  it.each(['Mars/Olympus_Mons', '+01:00', 42])(
    'refuses the time zone %j with 400 VALIDATION_FAILED',
    async (timeZone) => {
      const refused = await api().post(events()).set(fx.owner.auth).send({
        summary: 'Nowhere',
        start: '2026-03-03T17:00:00Z',
        end: '2026-03-03T18:00:00Z',
        timeZone,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    },
  );
});
