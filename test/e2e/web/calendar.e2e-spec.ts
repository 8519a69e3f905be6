import type { Page } from 'playwright-core';
import request from 'supertest';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createActiveHousehold, type CreatedHousehold } from '../households/provisioning-helpers';
import {
  expectValue,
  heading,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
  type Visitor,
} from './web-harness';

/** The days of the month view (data-date) that show an event whose name matches. */
async function daysShowing(page: Page, name: string): Promise<string[]> {
  const cells = page.locator('table.month td').filter({
    has: page.getByRole('button', { name }),
  });
  return (await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-date')))).filter(
    (day): day is string => day !== null,
  );
}

/** The chip of an event on one day of the month view. */
function chip(page: Page, day: string, name: string) {
  return page.locator(`table.month td[data-date="${day}"]`).getByRole('button', { name });
}

async function fillEvent(
  page: Page,
  fields: {
    title?: string;
    start?: [string, string];
    end?: [string, string];
    repeat?: string;
    location?: string;
  },
): Promise<void> {
  const dialog = page.getByRole('dialog');
  if (fields.title !== undefined) {
    await dialog.getByLabel('Title', { exact: true }).fill(fields.title);
  }
  if (fields.start) {
    await dialog.getByLabel('Starts on', { exact: true }).fill(fields.start[0]);
    await dialog.getByLabel('At', { exact: true }).fill(fields.start[1]);
  }
  if (fields.end) {
    await dialog.getByLabel('Ends on', { exact: true }).fill(fields.end[0]);
    await dialog.getByLabel('Until', { exact: true }).fill(fields.end[1]);
  }
  if (fields.location !== undefined) {
    await dialog.getByLabel('Place (optional)', { exact: true }).fill(fields.location);
  }
  if (fields.repeat) {
    await dialog.getByLabel('Repeats', { exact: true }).selectOption({ label: fields.repeat });
  }
}

/**
 * Journey 5, calendar: a month view of the household's calendar (recurring events on every day
 * they happen), previous and next month, today; create, edit (with a conflict), delete.
 * The browser is in Paris: times are typed and shown there, and stored in that time zone.
 */
describe('web app: calendar', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;
  let eventsPath: string;
  let dentistId: string;

  const storedEvents = async () =>
    (
      await request(web.testApp.server)
        .get(`${eventsPath}?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z`)
        .set(owner.auth)
        .expect(200)
    ).body as { items: { id: string; summary: string; start: string; end: string }[] };

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
    const calendars = await request(web.testApp.server)
      .get(`/api/v1/households/${home.id}/calendars`)
      .set(owner.auth)
      .expect(200);
    const shared = (calendars.body as { id: string; ownerUserId: string | null }[]).find(
      (calendar) => calendar.ownerUserId === null,
    );
    if (!shared) throw new Error(`No shared calendar: ${JSON.stringify(calendars.body)}`);
    eventsPath = `/api/v1/households/${home.id}/calendars/${shared.id}/events`;
    // Tuesdays from 4 March 2025, 17:00 in Paris (UTC+1 until 30 March).
    await request(web.testApp.server)
      .post(eventsPath)
      .set(owner.auth)
      .send({
        summary: 'Piano lesson',
        start: '2025-03-04T16:00:00Z',
        end: '2025-03-04T17:00:00Z',
        rrule: 'FREQ=WEEKLY',
      })
      .expect(201);
    const dentist = await request(web.testApp.server)
      .post(eventsPath)
      .set(owner.auth)
      .send({ summary: 'Dentist', start: '2025-03-14T08:30:00Z', end: '2025-03-14T09:00:00Z' })
      .expect(201);
    dentistId = (dentist.body as { id: string }).id;
  });

  it('shows the month with a weekly event on each of its weeks, and moves between months', async () => {
    const visitor = await newVisitor(web.browser, { timezoneId: 'Europe/Paris' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Calendar' })
      .click();
    await heading(page, 'Calendar');
    const now = new Date();
    const thisMonth = new Intl.DateTimeFormat('en', {
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Paris',
    }).format(now);
    await page.getByRole('heading', { level: 2, name: thisMonth }).waitFor();

    await page.goto(`${web.baseUrl}/households/${home.slug}/calendar?month=2025-03`);
    await page.getByRole('heading', { level: 2, name: 'March 2025' }).waitFor();
    await chip(page, '2025-03-04', 'Piano lesson').waitFor();
    // Every Tuesday from the first one, the one of the next month the grid shows included.
    expect(await daysShowing(page, 'Piano lesson')).toEqual([
      '2025-03-04',
      '2025-03-11',
      '2025-03-18',
      '2025-03-25',
      '2025-04-01',
    ]);
    expect(await chip(page, '2025-03-11', 'Piano lesson').textContent()).toMatch(/5:00\sPM/);
    expect(await daysShowing(page, 'Dentist')).toEqual(['2025-03-14']);
    expect(await chip(page, '2025-03-14', 'Dentist').textContent()).toMatch(/9:30\sAM/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-calendar');

    await page.getByRole('button', { name: 'Next month' }).click();
    await page.getByRole('heading', { level: 2, name: 'April 2025' }).waitFor();
    await chip(page, '2025-04-08', 'Piano lesson').waitFor();
    expect(await daysShowing(page, 'Piano lesson')).toEqual([
      '2025-04-01',
      '2025-04-08',
      '2025-04-15',
      '2025-04-22',
      '2025-04-29',
    ]);
    await page.getByRole('button', { name: 'Previous month' }).click();
    await page.getByRole('heading', { level: 2, name: 'March 2025' }).waitFor();
    await page.getByRole('button', { name: 'Previous month' }).click();
    await page.getByRole('heading', { level: 2, name: 'February 2025' }).waitFor();
    await page.getByText('No events this month.').waitFor();
    expect(await daysShowing(page, 'Piano lesson')).toEqual([]);
    await page.getByRole('button', { name: 'Today' }).click();
    await page.getByRole('heading', { level: 2, name: thisMonth }).waitFor();
    // The weekly lesson goes on, with no end.
    await page.getByRole('button', { name: 'Piano lesson' }).first().waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('creates events (refusing an end before the start, in words), edits one, deletes one', async () => {
    const visitor: Visitor = await newVisitor(web.browser, { timezoneId: 'Europe/Paris' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.goto(`${web.baseUrl}/households/${home.slug}/calendar?month=2025-03`);
    await page.getByRole('heading', { level: 2, name: 'March 2025' }).waitFor();

    // An end before its start is refused, and said so.
    visitor.expectFailure({ status: 400, path: eventsPath });
    await page.getByRole('button', { name: 'New event' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'New event' }).waitFor();
    await fillEvent(page, {
      title: 'Backwards',
      start: ['2025-03-21', '10:00'],
      end: ['2025-03-21', '09:00'],
    });
    await dialog.getByRole('button', { name: 'Add the event' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'The end must come after the start.' })
      .waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await storedEvents()).items.some((e) => e.summary === 'Backwards')).toBe(false);

    // A weekly one, typed in Paris time.
    await page.getByRole('button', { name: 'New event' }).click();
    await fillEvent(page, {
      title: 'Swimming',
      start: ['2025-03-20', '18:00'],
      end: ['2025-03-20', '19:00'],
      location: 'Pool',
      repeat: 'Every week',
    });
    await dialog.getByRole('button', { name: 'Add the event' }).click();
    await page.getByText('Swimming was added to the calendar.').waitFor();
    await chip(page, '2025-03-27', 'Swimming').waitFor();
    expect(await daysShowing(page, 'Swimming')).toEqual(['2025-03-20', '2025-03-27', '2025-04-03']);
    const swimming = (await storedEvents()).items.find((e) => e.summary === 'Swimming');
    expect(swimming?.start).toBe('2025-03-20T17:00:00.000Z');
    // Written in the browser's time zone: still 18:00 in Paris after the clocks change (30 March).
    const april = (
      await request(web.testApp.server)
        .get(`${eventsPath}?from=2025-04-01T00:00:00Z&to=2025-04-08T00:00:00Z`)
        .set(owner.auth)
        .expect(200)
    ).body as { items: { summary: string; start: string }[] };
    expect(april.items.find((e) => e.summary === 'Swimming')?.start).toBe(
      '2025-04-03T16:00:00.000Z',
    );

    // An all-day one over three days shows on each of them.
    await page.getByRole('button', { name: 'New event' }).click();
    await dialog.getByLabel('Title', { exact: true }).fill('School holidays');
    await dialog.getByLabel('All day', { exact: true }).check();
    await dialog.getByLabel('Starts on', { exact: true }).fill('2025-03-10');
    await dialog.getByLabel('Last day', { exact: true }).fill('2025-03-12');
    await dialog.getByRole('button', { name: 'Add the event' }).click();
    await page.getByText('School holidays was added to the calendar.').waitFor();
    await chip(page, '2025-03-12', 'School holidays').waitFor();
    expect(await daysShowing(page, 'School holidays')).toEqual([
      '2025-03-10',
      '2025-03-11',
      '2025-03-12',
    ]);

    // Edit, from the keyboard.
    await chip(page, '2025-03-14', 'Dentist').focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('heading', { name: 'Change the event' }).waitFor();
    const title = dialog.getByLabel('Title', { exact: true });
    await expectValue(title, 'Dentist');
    expect(await dialog.getByLabel('At', { exact: true }).inputValue()).toBe('09:30');
    await title.fill('Dentist, Dr Martin');
    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Dentist, Dr Martin was saved.').waitFor();
    await chip(page, '2025-03-14', 'Dentist, Dr Martin').waitFor();

    // Changed elsewhere while the dialog is open: said in words, and reloaded.
    await chip(page, '2025-03-14', 'Dentist, Dr Martin').click();
    await expectValue(title, 'Dentist, Dr Martin');
    await request(web.testApp.server)
      .patch(`${eventsPath}/${dentistId}`)
      .set(owner.auth)
      .send({ location: 'Room 2', summary: 'Dentist (moved room)' })
      .expect(200);
    visitor.expectFailure({ status: 412, path: `${eventsPath}/${dentistId}` });
    await title.fill('Dentist, mine');
    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'This event was changed meanwhile' })
      .waitFor();
    await dialog.getByRole('button', { name: 'Reload the event' }).click();
    await expectValue(title, 'Dentist (moved room)');
    await expectValue(dialog.getByLabel('Place (optional)', { exact: true }), 'Room 2');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await title.fill('Dentist, Room 2');
    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Dentist, Room 2 was saved.').waitFor();

    // Delete the weekly one: every occurrence goes.
    await chip(page, '2025-03-27', 'Swimming').click();
    await dialog.getByRole('button', { name: 'Delete this event' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Swimming?' });
    await confirm.getByText('every occurrence of it is removed').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Swimming was deleted.').waitFor();
    await chip(page, '2025-03-20', 'Swimming').waitFor({ state: 'detached' });
    expect(await daysShowing(page, 'Swimming')).toEqual([]);
    expect((await storedEvents()).items.some((e) => e.summary === 'Swimming')).toBe(false);

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('fits a 375 px phone screen, in French', async () => {
    const visitor = await newVisitor(web.browser, {
      width: 375,
      height: 760,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password, 'fr');
    await page.goto(`${web.baseUrl}/households/${home.slug}/calendar?month=2025-03`);
    await heading(page, 'Agenda');
    await page.getByRole('heading', { level: 2, name: 'mars 2025' }).waitFor();
    const tuesday = page.locator('table.month td[data-date="2025-03-04"]');
    await tuesday.getByText('mardi 4 mars').waitFor();
    await tuesday.getByRole('button', { name: 'Piano lesson' }).waitFor();
    await page.getByRole('button', { name: 'Mois suivant' }).waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-calendar-375px-fr');

    await page.getByRole('button', { name: 'Nouvel événement' }).click();
    await page.getByRole('dialog').getByLabel('Se répète').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
