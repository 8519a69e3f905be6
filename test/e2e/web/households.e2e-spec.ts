import { addMember } from '../../factories/household.factory';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createActiveHousehold } from '../households/provisioning-helpers';
import {
  heading,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

/** Journeys 2 and 8: households, their members and roles, their settings and deletion. */
describe('web app: households', () => {
  const web = useWebSuite();

  it('creates households, shows provisioning until ready, and switches between them', async () => {
    const owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);

    const create = async (name: string) => {
      await page.getByLabel('Household name').fill(name);
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      const item = page.getByRole('listitem').filter({ hasText: name });
      await item.waitFor();
      // Provisioning runs in the background; the page polls until the household is ready.
      await item.locator('[data-status="active"]').waitFor({ timeout: 20_000 });
    };
    await create('The Martins');
    await create('Grandma’s House');
    expect(await page.getByLabel('Household name').inputValue()).toBe('');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-2-households');

    // Switch with the header's household picker.
    const switcher = page.getByLabel('Current household');
    await switcher.selectOption({ label: 'The Martins' });
    await heading(page, 'Welcome to The Martins');
    await page.getByText('1 member', { exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-2-household-overview');
    await switcher.selectOption({ label: 'Grandma’s House' });
    await heading(page, 'Welcome to Grandma’s House');
    expect(await switcher.inputValue()).toMatch(/^grandma/);
    // And back through the list.
    await page.getByRole('link', { name: 'Households', exact: true }).click();
    await heading(page, 'Your households');
    await page.getByRole('link', { name: 'The Martins' }).click();
    await heading(page, 'Welcome to The Martins');

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  describe('a household with members', () => {
    let owner: TestUser;
    let relative: TestUser;
    let householdId: string;

    beforeAll(async () => {
      owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
      relative = await createUser(web.testApp, { verified: true, displayName: 'Louis Martin' });
      const household = await createActiveHousehold(web.testApp.server, owner, 'The Duponts');
      householdId = household.id;
      await addMember(web.testApp, { id: household.id }, relative, 'member');
    });

    it('changes roles, renames, moves the address, deletes and cancels the deletion', async () => {
      const visitor = await newVisitor(web.browser);
      const { page } = visitor;
      page.on('dialog', (dialog) => void dialog.accept());
      await signInWithForm(page, web.baseUrl, owner.email, owner.password);
      await page.getByRole('link', { name: 'The Duponts' }).click();
      await heading(page, 'Welcome to The Duponts');

      // Members and roles.
      await page
        .getByRole('navigation', { name: 'Household sections' })
        .getByRole('link', { name: 'Members' })
        .click();
      await heading(page, 'Members');
      const table = page.getByRole('table');
      await table.getByText('Louis Martin').waitFor();
      await table.getByText(relative.email).waitFor();
      await page.getByLabel('Role of Louis Martin').selectOption('admin');
      await page.getByText('The role of Louis Martin is now Admin.').waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'journey-8-members');

      // Settings: rename, then a new address.
      await page.getByRole('link', { name: 'Settings' }).click();
      await heading(page, 'Household settings');
      await page.getByLabel('Household name').fill('The Dupont-Martins');
      await page.getByRole('button', { name: 'Rename' }).click();
      await page.getByText('The household is now called The Dupont-Martins.').waitFor();
      visitor.expectFailure({ status: 400, path: `/api/v1/households/${householdId}` });
      await page.getByRole('textbox', { name: 'Address' }).fill('Not A Slug!');
      await page.getByRole('button', { name: 'Change the address' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /lower-case letters/ })
        .waitFor();
      const slug = `dupont-martin-${Date.now().toString(36)}`;
      await page.getByRole('textbox', { name: 'Address' }).fill(slug);
      await page.getByRole('button', { name: 'Change the address' }).click();
      await page.waitForURL(`${web.baseUrl}/households/${slug}/settings`);
      expect(await page.getByLabel('Current household').inputValue()).toBe(slug);

      // Delete: the password again; a wrong one is explained.
      visitor.expectFailure({ status: 403, path: `/api/v1/households/${householdId}` });
      await page.getByLabel('Your password, to confirm').fill('not my password');
      await page.getByRole('button', { name: 'Delete the household' }).click();
      await page.getByRole('alert').filter({ hasText: 'This password is not right.' }).waitFor();
      await page.getByLabel('Your password, to confirm').fill(owner.password);
      await page.getByRole('button', { name: 'Delete the household' }).click();
      await page
        .getByText(/will be deleted for good on/)
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Cancel the deletion' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'journey-8-deletion-pending');
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.locator('[data-status="pending_deletion"]').waitFor();

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Cancel the deletion' }).click();
      await page.getByText('The deletion was cancelled. The household is active again.').waitFor();
      await page.getByRole('button', { name: 'Delete the household' }).waitFor();
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.locator('[data-status="active"]').waitFor();

      expect(visitor.errors()).toEqual([]);
      await visitor.close();
    });

    it('fits a 375 px phone screen, with French labels', async () => {
      const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
      const { page } = visitor;
      await page.goto(`${web.baseUrl}/sign-in`);
      await page.getByLabel('E-mail').fill(relative.email);
      await page.getByLabel('Mot de passe').fill(relative.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await heading(page, 'Vos foyers');
      await page.getByRole('main').getByRole('listitem').getByRole('link').first().click();
      await page.getByRole('link', { name: 'Membres', exact: true }).click();
      await heading(page, 'Membres');
      await page.getByRole('table').getByText('Ada Martin').waitFor();
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(375);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'journey-8-members-375px-fr');
      expect(visitor.errors()).toEqual([]);
      await visitor.close();
    });
  });
});
