import type { Page } from 'playwright-core';
import request from 'supertest';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createActiveHousehold, type CreatedHousehold } from '../households/provisioning-helpers';
import {
  heading,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

/** An operator's export, as a French spreadsheet saves it: a title line, then the calls. */
const RELEVE = [
  'Relevé détaillé de la ligne 06 00 00 00 00;;;',
  'Date et heure;Numéro appelé;Durée;Montant (€)',
  '14/03/2025 09:05:33;06 12 34 56 78;00:02:05;0,15',
  '14/03/2025 18:40;+44 20 7946 0958;1:02:03;1,20',
  '15/03/2025 08:00;06 12 XX XX XX;00:01:00;0,10',
  'pas une date;06 12 34 56 78;00:01:00;0,10',
  '',
].join('\r\n');

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page
    .getByLabel('Call-detail file (CSV)')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

/** Journey 5, "Who called?": import an operator's call detail, see each call with its contact. */
describe('web app: who called?', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;
  let importPath: string;

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
    importPath = `/api/v1/households/${home.id}/calls/import`;
    const books = await request(web.testApp.server)
      .get(`/api/v1/households/${home.id}/addressbooks`)
      .set(owner.auth)
      .expect(200);
    const shared = (books.body as { id: string; ownerUserId: string | null }[]).find(
      (book) => book.ownerUserId === null,
    );
    if (!shared) throw new Error(`No shared address book: ${JSON.stringify(books.body)}`);
    await request(web.testApp.server)
      .post(`/api/v1/households/${home.id}/addressbooks/${shared.id}/contacts`)
      .set(owner.auth)
      // Written as an international number: the bill's 06 12 34 56 78 is the same one.
      .send({ fullName: 'Grandma', phones: ['+33 6 12 34 56 78'] })
      .expect(201);
  });

  it('imports a call detail, reports the lines it skipped and why, and lists the calls with their contact', async () => {
    const visitor = await newVisitor(web.browser, { timezoneId: 'Europe/Paris' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Who called?' })
      .click();
    await heading(page, 'Who called?');
    await page.getByText('No calls yet.').waitFor();

    // Nothing chosen: said so, nothing sent.
    await page.getByRole('button', { name: 'Import the calls' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose a file first.' }).waitFor();

    // Not a call detail at all: refused whole, in words.
    visitor.expectFailure({ status: 400, path: importPath });
    await chooseFile(page, 'notes.csv', 'Shopping list\nmilk\nbread\n');
    await page.getByRole('button', { name: 'Import the calls' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'This file is not a call detail Foyer can read' })
      .waitFor();
    expect(await page.locator('main').textContent()).not.toContain('INVALID_CALL_CSV');

    await chooseFile(page, 'orange-2025-03.csv', RELEVE);
    await page.getByRole('button', { name: 'Import the calls' }).click();
    const report = page.getByRole('status').filter({ hasText: 'calls read' });
    await report.getByText('2 calls read: 2 imported, 0 already there.').waitFor();
    await report.getByText('2 lines could not be read and were skipped:').waitFor();
    await report.getByText(/^Line 5: .*06 12 XX XX XX.*not a phone number/).waitFor();
    await report.getByText(/^Line 6: /).waitFor();
    await report.getByText(/orange-2025-03\.csv/).waitFor();

    // The calls, newest first, each with the contact who has the number.
    const rows = page.locator('table.call-table tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    const first = (await rows.nth(0).textContent()) ?? '';
    const second = (await rows.nth(1).textContent()) ?? '';
    expect(first).toContain('Not in your contacts');
    expect(first).toContain('+44 20 7946 0958');
    expect(first).toMatch(/6:40\sPM/);
    expect(first).toContain('1 h 02 min 03 s');
    expect(first).toContain('Not given');
    expect(second).toContain('Grandma');
    expect(second).toContain('06 12 34 56 78');
    expect(second).toMatch(/9:05\sAM/);
    expect(second).toContain('2 min 05 s');
    await page.getByRole('heading', { name: 'Calls (2), newest first' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-who-called');

    // The same file again adds nothing twice.
    await chooseFile(page, 'orange-2025-03.csv', RELEVE);
    await page.getByRole('button', { name: 'Import the calls' }).click();
    await page.getByText('2 calls read: 0 imported, 2 already there.').waitFor();
    expect(await rows.count()).toBe(2);

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
    await page.goto(`${web.baseUrl}/households/${home.slug}/calls`);
    await heading(page, 'Qui a appelé ?');
    await page.getByLabel('Relevé d’appels (CSV)').waitFor();
    await page.getByRole('heading', { name: 'Appels (2), les plus récents d’abord' }).waitFor();
    await page.getByText('Grandma').waitFor();
    await page.getByText('Absent de vos contacts').waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-who-called-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
