import request from 'supertest';
import { addMember, setHouseholdStatus } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { PimFixture, pimHousehold, pimUrl } from './pim-rest-fixture';

interface Occurrence {
  id: string;
  summary: string;
  start: string;
  end: string;
  allDay: boolean;
  recurrenceId: string | null;
}

describe('pim REST: calendars and events', () => {
  let testApp: TestApp;
  let fx: PimFixture;
  let stranger: PimFixture;
  let child: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await pimHousehold(testApp);
    stranger = await pimHousehold(testApp, 'Elsewhere');
    child = await createUser(testApp, { verified: true });
    await addMember(testApp, { id: fx.home.id }, child, 'child');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => request(testApp.server);
  const events = (rest = '', calendar = fx.familyCalendar) =>
    pimUrl(fx.home.id, `/calendars/${calendar}/events${rest}`);
  const range = (from: string, to: string) =>
    `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  async function createEvent(body: Record<string, unknown>, user: TestUser = fx.owner) {
    const response = await api().post(events()).set(user.auth).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; uid: string; etag: string };
  }

  it('lists the Family calendar and creates a personal one', async () => {
    const list = await api().get(pimUrl(fx.home.id, '/calendars')).set(fx.owner.auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: fx.familyCalendar,
        name: 'family',
        components: ['VEVENT', 'VTODO'],
      }),
    ]);
    const created = await api()
      .post(pimUrl(fx.home.id, '/calendars'))
      .set(child.auth)
      .send({ displayName: 'School', components: ['VEVENT'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ownerUserId: child.id, components: ['VEVENT'] });
    const invalid = await api()
      .post(pimUrl(fx.home.id, '/calendars'))
      .set(child.auth)
      .send({ displayName: 'Bad', components: ['VCARD'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const asBook = await api()
      .get(pimUrl(fx.home.id, `/addressbooks/${created.body.id}/export`))
      .set(child.auth);
    expect(asBook.status).toBe(404);
  });

  it('creates an event, reads it, and lists a weekly recurrence expanded in a range', async () => {
    const created = await createEvent({
      summary: 'Swimming',
      start: '2025-03-03T17:00:00+01:00',
      end: '2025-03-03T18:00:00+01:00',
      location: 'Pool',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    const read = await api()
      .get(events(`/${created.id}`))
      .set(child.auth);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe(created.etag);
    expect(read.body).toMatchObject({
      id: created.id,
      summary: 'Swimming',
      start: '2025-03-03T16:00:00.000Z',
      end: '2025-03-03T17:00:00.000Z',
      allDay: false,
      location: 'Pool',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    const listed = await api()
      .get(events(range('2025-03-08T00:00:00Z', '2025-04-01T00:00:00Z')))
      .set(fx.owner.auth);
    expect(listed.status).toBe(200);
    const mine = (listed.body.items as Occurrence[]).filter((o) => o.id === created.id);
    expect(mine.map((o) => [o.start, o.recurrenceId])).toEqual([
      ['2025-03-10T16:00:00.000Z', '2025-03-10T16:00:00.000Z'],
      ['2025-03-17T16:00:00.000Z', '2025-03-17T16:00:00.000Z'],
      ['2025-03-24T16:00:00.000Z', '2025-03-24T16:00:00.000Z'],
    ]);
    expect(mine[0]).toMatchObject({ summary: 'Swimming', allDay: false, location: 'Pool' });
  });

  it('creates all-day events and sorts instances by start', async () => {
    const day = await createEvent({
      summary: 'Holiday',
      start: '2025-05-01',
      end: '2025-05-02',
      allDay: true,
    });
    const early = await createEvent({
      summary: 'Breakfast',
      start: '2025-04-30T06:00:00Z',
      end: '2025-04-30T07:00:00Z',
    });
    const listed = await api()
      .get(events(range('2025-04-29T00:00:00Z', '2025-05-03T00:00:00Z')))
      .set(fx.owner.auth);
    expect((listed.body.items as Occurrence[]).map((o) => [o.id, o.allDay])).toEqual([
      [early.id, false],
      [day.id, true],
    ]);
  });

  it.each([
    ['no range', ''],
    ['no to', '?from=2025-01-01T00:00:00Z'],
    ['not a date', '?from=yesterday&to=2025-01-01T00:00:00Z'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, query) => {
    const response = await api().get(events(query)).set(fx.owner.auth);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['to before from', range('2025-02-01T00:00:00Z', '2025-01-01T00:00:00Z')],
    ['an empty range', range('2025-02-01T00:00:00Z', '2025-02-01T00:00:00Z')],
    ['a range over a year', range('2025-01-01T00:00:00Z', '2026-02-01T00:00:00Z')],
  ])('refuses %s with 400 INVALID_TIME_RANGE', async (_label, query) => {
    const response = await api().get(events(query)).set(fx.owner.auth);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_TIME_RANGE');
  });

  it('refuses bad events with 400 and stores nothing', async () => {
    const before = await api()
      .get(events(range('2020-01-01T00:00:00Z', '2020-12-31T00:00:00Z')))
      .set(fx.owner.auth);
    const cases: [Record<string, unknown>, string][] = [
      [{ start: '2020-06-01T10:00:00Z', end: '2020-06-01T11:00:00Z' }, 'VALIDATION_FAILED'],
      [
        { summary: 'x', start: '2020-06-01T10:00:00', end: '2020-06-01T11:00:00Z' },
        'INVALID_ICALENDAR',
      ],
      [
        { summary: 'x', start: '2020-06-01T10:00:00Z', end: '2020-06-01T09:00:00Z' },
        'INVALID_TIME_RANGE',
      ],
      [{ summary: 'x', start: '2020-06-01', end: '2020-06-02' }, 'INVALID_ICALENDAR'],
      [
        {
          summary: 'x',
          start: '2020-06-01T10:00:00Z',
          end: '2020-06-01T11:00:00Z',
          rrule: 'FREQ=OFTEN',
        },
        'INVALID_ICALENDAR',
      ],
      [
        { summary: 'x', start: '2020-06-01T10:00:00Z', end: '2020-06-01T11:00:00Z', allDay: 'yes' },
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, code] of cases) {
      const response = await api().post(events()).set(fx.owner.auth).send(body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
    }
    const after = await api()
      .get(events(range('2020-01-01T00:00:00Z', '2020-12-31T00:00:00Z')))
      .set(fx.owner.auth);
    expect(after.body.items).toEqual(before.body.items);
  });

  it('patches and puts an event, with If-Match, and refuses a stale one', async () => {
    const created = await createEvent({
      summary: 'Dentist',
      start: '2025-06-02T08:00:00Z',
      end: '2025-06-02T08:30:00Z',
      description: 'Bring the card',
    });
    const patched = await api()
      .patch(events(`/${created.id}`))
      .set(fx.owner.auth)
      .set('If-Match', created.etag)
      .send({ start: '2025-06-02T09:00:00Z', end: '2025-06-02T09:30:00Z' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      summary: 'Dentist',
      start: '2025-06-02T09:00:00.000Z',
      description: 'Bring the card',
    });
    const stale = await api()
      .patch(events(`/${created.id}`))
      .set(fx.owner.auth)
      .set('If-Match', created.etag)
      .send({ summary: 'Lost update' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const put = await api()
      .put(events(`/${created.id}`))
      .set(fx.owner.auth)
      .set('If-Match', patched.body.etag)
      .send({
        summary: 'Dentist (moved)',
        start: '2025-06-03T09:00:00Z',
        end: '2025-06-03T09:30:00Z',
      });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ summary: 'Dentist (moved)', description: null, rrule: null });
    const deleted = await api()
      .delete(events(`/${created.id}`))
      .set(fx.owner.auth)
      .set('If-Match', put.body.etag);
    expect(deleted.status).toBe(204);
    const gone = await api()
      .get(events(`/${created.id}`))
      .set(fx.owner.auth);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('OBJECT_NOT_FOUND');
  });

  it('lets a child create and delete their own events, not others’', async () => {
    const owners = await createEvent({
      summary: 'O',
      start: '2025-07-01T08:00:00Z',
      end: '2025-07-01T09:00:00Z',
    });
    const childs = await createEvent(
      { summary: 'C', start: '2025-07-01T08:00:00Z', end: '2025-07-01T09:00:00Z' },
      child,
    );
    const refused = await api()
      .delete(events(`/${owners.id}`))
      .set(child.auth);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    const own = await api()
      .delete(events(`/${childs.id}`))
      .set(child.auth);
    expect(own.status).toBe(204);
  });

  it('hides calendars from other households and unknown ids (404)', async () => {
    const created = await createEvent({
      summary: 'Private',
      start: '2025-08-01T08:00:00Z',
      end: '2025-08-01T09:00:00Z',
    });
    const outsider = await api()
      .get(events(`/${created.id}`))
      .set(stranger.owner.auth);
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    const through = pimUrl(stranger.home.id, `/calendars/${fx.familyCalendar}/events`);
    for (const attempt of [
      api().get(`${through}${range('2025-08-01T00:00:00Z', '2025-08-02T00:00:00Z')}`),
      api().get(`${through}/${created.id}`),
      api().patch(`${through}/${created.id}`).send({ summary: 'x' }),
      api().delete(`${through}/${created.id}`),
    ]) {
      const response = await attempt.set(stranger.owner.auth);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('COLLECTION_NOT_FOUND');
    }
    const bookAsCalendar = await api()
      .get(events(range('2025-08-01T00:00:00Z', '2025-08-02T00:00:00Z'), fx.familyBook))
      .set(fx.owner.auth);
    expect(bookAsCalendar.status).toBe(404);
    const unknownEvent = await api().get(events('/not-an-id')).set(fx.owner.auth);
    expect(unknownEvent.status).toBe(404);
    expect(unknownEvent.body.code).toBe('OBJECT_NOT_FOUND');
  });

  it('refuses changes in a read-only household, and still lists', async () => {
    const created = await createEvent({
      summary: 'Frozen',
      start: '2025-09-01T08:00:00Z',
      end: '2025-09-01T09:00:00Z',
    });
    await setHouseholdStatus(testApp, { id: fx.home.id }, 'pending_deletion');
    try {
      for (const attempt of [
        api()
          .post(events())
          .send({ summary: 'x', start: '2025-09-01T08:00:00Z', end: '2025-09-01T09:00:00Z' }),
        api()
          .patch(events(`/${created.id}`))
          .send({ summary: 'x' }),
        api().delete(events(`/${created.id}`)),
        api().post(pimUrl(fx.home.id, '/calendars')).send({ displayName: 'x' }),
      ]) {
        const response = await attempt.set(fx.owner.auth);
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('HOUSEHOLD_READ_ONLY');
      }
      const listed = await api()
        .get(events(range('2025-09-01T00:00:00Z', '2025-09-02T00:00:00Z')))
        .set(fx.owner.auth);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((o: Occurrence) => o.summary)).toEqual(['Frozen']);
    } finally {
      await setHouseholdStatus(testApp, { id: fx.home.id }, 'active');
    }
  });
});
