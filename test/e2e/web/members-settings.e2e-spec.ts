import type { Page } from 'playwright-core';
import request from 'supertest';
import { addMember } from '../../factories/household.factory';
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

async function openSection(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Household sections' })
    .getByRole('link', { name, exact: true })
    .click();
}

/** Journey 8: members and roles, leaving, ownership, and a deletion with its grace period. */
describe('web app: members and household settings', () => {
  const web = useWebSuite({ FOYER_DELETION_GRACE_DAYS: '30' });
  let owner: TestUser;
  let relative: TestUser;
  let cousin: TestUser;
  let home: CreatedHousehold;

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    relative = await createUser(web.testApp, { verified: true, displayName: 'Louis Martin' });
    cousin = await createUser(web.testApp, { verified: true, displayName: 'Zoé Petit' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
    await addMember(web.testApp, { id: home.id }, relative, 'member');
    await addMember(web.testApp, { id: home.id }, cousin, 'child');
  });

  it('removes a member, refuses to let the only owner leave, transfers ownership, then leaves', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    const memberPath = (userId: string) => `/api/v1/households/${home.id}/members/${userId}`;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await openSection(page, 'Members');
    await heading(page, 'Members');
    const table = page.getByRole('table');
    await table.getByText('Zoé Petit').waitFor();

    // Remove: asked first in a dialog, cancelled, then confirmed.
    await page.getByRole('button', { name: 'Remove Zoé Petit' }).click();
    const removeDialog = page.getByRole('dialog', { name: 'Remove Zoé Petit?' });
    await removeDialog.getByText('will lose access', { exact: false }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await removeDialog.getByRole('button', { name: 'Cancel' }).click();
    await removeDialog.waitFor({ state: 'detached' });
    await table.getByText('Zoé Petit').waitFor();
    await page.getByRole('button', { name: 'Remove Zoé Petit' }).click();
    await removeDialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Zoé Petit was removed.').waitFor();
    expect(await table.getByText('Zoé Petit').count()).toBe(0);

    // The only owner cannot leave: said in words.
    visitor.expectFailure({ status: 409, path: memberPath(owner.id) });
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    const leaveDialog = page.getByRole('dialog', { name: 'Leave this household?' });
    await leaveDialog.getByRole('button', { name: 'Leave' }).click();
    await leaveDialog
      .getByRole('alert')
      .filter({ hasText: 'A household needs at least one owner.' })
      .waitFor();
    expect(await leaveDialog.getByRole('alert').textContent()).not.toMatch(/LAST_OWNER/);
    await page.keyboard.press('Escape');
    await leaveDialog.waitFor({ state: 'detached' });

    // Transfer ownership to Louis; Ada stays on as an admin.
    await page.getByLabel('New owner').selectOption({ label: `Louis Martin (${relative.email})` });
    await page.getByRole('button', { name: 'Transfer ownership' }).click();
    const transferDialog = page.getByRole('dialog', { name: 'Make Louis Martin the owner?' });
    await transferDialog.getByRole('button', { name: 'Transfer ownership' }).click();
    await page.getByText('Louis Martin is now the owner. You stay on as an admin.').waitFor();
    const louisRow = table.getByRole('row').filter({ hasText: 'Louis Martin' });
    await louisRow.getByText('Owner', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Transfer ownership' }).waitFor({ state: 'detached' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-8-members-after-transfer');
    // As an admin, the address and the deletion are the owners' again.
    await openSection(page, 'Settings');
    await heading(page, 'Household settings');
    await page.getByText('Only owners can delete the household.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Address' }).count()).toBe(0);

    // Leave: back to the list of households, without this one.
    await openSection(page, 'Members');
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    await leaveDialog.getByRole('button', { name: 'Leave' }).click();
    await heading(page, 'Your households');
    await page.getByText('You do not belong to a household yet.', { exact: false }).waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('shows the deletion date after a reload, and cancels the deletion', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, relative.email, relative.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await openSection(page, 'Settings');
    await heading(page, 'Household settings');

    await page.getByLabel('Your password, to confirm').fill(relative.password);
    await page.getByRole('button', { name: 'Delete the household' }).click();
    await page.getByRole('button', { name: 'Cancel the deletion' }).waitFor();

    // The date comes from the household itself (purgeAfter), so it is there after a reload too.
    const answer = await request(web.testApp.server)
      .get(`/api/v1/households/${home.id}`)
      .set(relative.auth)
      .expect(200);
    const purgeAfter = new Date(answer.body.purgeAfter as string);
    const days = (purgeAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(purgeAfter);
    await page.reload();
    await heading(page, 'Household settings');
    const notice = `This household will be deleted for good on ${date}.`;
    expect(await page.getByText(notice).count()).toBe(2); // the banner and the danger zone
    // Read-only meanwhile: a rename is refused, in words.
    expect(await page.getByLabel('Household name').isDisabled()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-8-deletion-pending-after-reload');
    await openSection(page, 'Files');
    await heading(page, 'Files');
    visitor.expectFailure({ status: 409, path: `/api/v1/households/${home.id}/files/folders` });
    await page.getByLabel('New folder').fill('Letters');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByRole('alert').filter({ hasText: 'This household is read-only' }).waitFor();

    await openSection(page, 'Settings');
    await page.getByRole('button', { name: 'Cancel the deletion' }).click();
    await page.getByText('The deletion was cancelled. The household is active again.').waitFor();
    expect(await page.getByText(/will be deleted for good/).count()).toBe(0);
    const after = await request(web.testApp.server)
      .get(`/api/v1/households/${home.id}`)
      .set(relative.auth)
      .expect(200);
    expect(after.body.status).toBe('active');
    expect(after.body).not.toHaveProperty('purgeAfter');

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('fits a 375 px phone screen, in French, with the ownership form', async () => {
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    const other = await createUser(web.testApp, { verified: true, displayName: 'Jeanne Roux' });
    await addMember(web.testApp, { id: home.id }, other, 'admin');
    await signInWithForm(page, web.baseUrl, relative.email, relative.password, 'fr');
    await page.goto(`${web.baseUrl}/households/${home.slug}/members`);
    await heading(page, 'Membres');
    await page.getByRole('heading', { name: 'Transférer la propriété' }).waitFor();
    await page.getByRole('table').getByText('Jeanne Roux').waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-8-members-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
