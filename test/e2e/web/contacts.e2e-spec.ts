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
} from './web-harness';

/** Journey 5, contacts: list and search the household's address book, add a contact. */
describe('web app: contacts', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;
  let contactsPath: string;

  /** The API path of the contact of that name in the shared book. */
  const contactPath = async (fullName: string): Promise<string> => {
    const list = await request(web.testApp.server)
      .get(`${contactsPath}?q=${encodeURIComponent(fullName)}`)
      .set(owner.auth)
      .expect(200);
    const found = (list.body as { items: { id: string; fullName: string }[] }).items.find(
      (contact) => contact.fullName === fullName,
    );
    if (!found) throw new Error(`No contact ${fullName}: ${JSON.stringify(list.body)}`);
    return `${contactsPath}/${found.id}`;
  };

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

  it('edits a contact, and says so when it changed elsewhere meanwhile', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.goto(`${web.baseUrl}/households/${home.slug}/contacts`);
    await heading(page, 'Contacts');
    await page.getByRole('heading', { name: /^All contacts/ }).waitFor();

    // A second number and an organisation, from the keyboard.
    await page.getByRole('button', { name: 'Edit Marie Curie' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit Marie Curie' });
    const phones = dialog.getByLabel('Phones');
    expect(await phones.inputValue()).toBe('+33 6 12 34 56 78');
    await phones.fill('+33 6 12 34 56 78\n01 40 00 00 00');
    await dialog.getByLabel('Organisation (optional)').fill('Institut du radium');
    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Marie Curie was saved.').waitFor();
    await page.getByRole('link', { name: '01 40 00 00 00' }).waitFor();
    await page.getByText('Institut du radium').waitFor();

    // An empty name is refused in words, and nothing changes.
    const pierrePath = await contactPath('Pierre Curie');
    visitor.expectFailure({ status: 400, path: pierrePath });
    await page.getByRole('button', { name: 'Edit Pierre Curie' }).click();
    const pierre = page.getByRole('dialog', { name: 'Edit Pierre Curie' });
    const name = pierre.getByLabel('Name', { exact: true });
    await name.fill(' ');
    await pierre.getByRole('button', { name: 'Save the changes' }).click();
    await pierre.getByRole('alert').filter({ hasText: 'Some fields are not valid.' }).waitFor();

    // Changed on a phone while the dialog is open: a 412, said in words, and reloaded.
    await request(web.testApp.server)
      .patch(pierrePath)
      .set(owner.auth)
      .send({ fullName: 'Pierre Curie (physicist)' })
      .expect(200);
    visitor.expectFailure({ status: 412, path: pierrePath });
    await name.fill('Pierre C.');
    await pierre.getByRole('button', { name: 'Save the changes' }).click();
    await pierre
      .getByRole('alert')
      .filter({ hasText: 'This contact was changed meanwhile' })
      .waitFor();
    await pierre.getByRole('button', { name: 'Reload the contact' }).click();
    await expectValue(name, 'Pierre Curie (physicist)');
    expect(await pierre.getByRole('alert').count()).toBe(0);
    await name.fill('Pierre Curie, physicist');
    await pierre.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Pierre Curie, physicist was saved.').waitFor();
    await page.getByText('Pierre Curie, physicist', { exact: true }).waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('fits a 375 px phone screen, in French', async () => {
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password, 'fr');
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
