import type { Page } from 'playwright-core';
import request from 'supertest';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createActiveHousehold, type CreatedHousehold } from '../households/provisioning-helpers';
import {
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Journey 5, contacts: list and search the household's address book, add a contact. */
describe('web app: contacts', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;
  let contactsPath: string;

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
    const books = await request(web.testApp.server)
      .get(`/api/v1/households/${home.id}/addressbooks`)
      .set(owner.auth)
      .expect(200);
    const shared = (books.body as { id: string; ownerUserId: string | null }[]).find(
      (book) => book.ownerUserId === null,
    );
    if (!shared) throw new Error(`No shared address book: ${JSON.stringify(books.body)}`);
    contactsPath = `/api/v1/households/${home.id}/addressbooks/${shared.id}/contacts`;
    for (const contact of [
      { fullName: 'Marie Curie', emails: ['marie@example.org'], phones: ['+33 6 12 34 56 78'] },
      { fullName: 'Pierre Curie', emails: ['pierre@example.org'], phones: [] },
      { fullName: 'Dr Martin', emails: [], phones: ['01 44 55 66 77'], organisation: 'Cabinet' },
    ]) {
      await request(web.testApp.server)
        .post(contactsPath)
        .set(owner.auth)
        .send(contact)
        .expect(201);
    }
  });

  it('lists, searches by name and by a phone written another way, and adds a contact', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Contacts' })
      .click();
    await heading(page, 'Contacts');
    await page.getByRole('heading', { name: 'All contacts (3)' }).waitFor();
    await page.getByRole('link', { name: 'marie@example.org' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-contacts');

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('curie');
    await page.getByRole('heading', { name: 'Found: 2' }).waitFor();
    // The same number, written as an international one.
    await search.fill('+33144556677');
    await page.getByRole('heading', { name: 'Found: 1' }).waitFor();
    await page.getByText('Dr Martin').waitFor();
    await search.fill('nobody at all');
    await page.getByText('No contact matches this search.').waitFor();
    await search.fill('');
    await page.getByRole('heading', { name: 'All contacts (3)' }).waitFor();

    // Add one; an empty name is refused in words.
    visitor.expectFailure({ status: 400, path: contactsPath });
    await page.getByRole('button', { name: 'Add the contact' }).click();
    await page.getByRole('alert').filter({ hasText: 'Some fields are not valid.' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Irène Joliot-Curie');
    await page.getByLabel('Email (optional)').fill('irene@example.org');
    await page.getByRole('button', { name: 'Add the contact' }).click();
    await page.getByText('Irène Joliot-Curie was added.').waitFor();
    await page.getByRole('heading', { name: 'All contacts (4)' }).waitFor();
    await search.fill('joliot');
    await page.getByRole('heading', { name: 'Found: 1' }).waitFor();
    await page.getByRole('link', { name: 'irene@example.org' }).waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('fits a 375 px phone screen, in French', async () => {
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByLabel('Mot de passe').fill(owner.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading(page, 'Vos foyers');
    await page.goto(`${web.baseUrl}/households/${home.slug}/contacts`);
    await heading(page, 'Contacts');
    await page.getByRole('heading', { name: /^Tous les contacts/ }).waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-contacts-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
