import { readFile } from 'node:fs/promises';
import { uploadFile } from '../../factories/file.factory';
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

/** Journey 7: ask for an export, watch it, download it. */
describe('web app: export', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
    await uploadFile(web.testApp, owner, home.id, '/Documents/recipe.txt', Buffer.from('Soup.'));
  });

  it('requests an archive, follows it until ready, and downloads a zip', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Export' })
      .click();
    await heading(page, 'Export the household');
    await page.getByRole('button', { name: 'Export everything' }).click();
    const row = page.locator('.export-list li').first();
    await row.waitFor();
    await row.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 30_000 });
    await row.getByText(/^Ready · \d/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-7-export');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^foyer-export-${home.slug}-\\d{4}-\\d\\d-\\d\\d\\.zip$`),
    );
    const zip = await readFile((await download.path()) ?? '');
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(zip.includes(Buffer.from('recipe.txt'))).toBe(true);

    // Move to my own server: a migration token, and the exact command to run there.
    await page.getByRole('button', { name: 'Create a migration token' }).click();
    const command = page.getByTestId('migration-command');
    await command.waitFor();
    expect(await command.textContent()).toMatch(
      new RegExp(`foyer migrate --from ${web.baseUrl.replace(/\./g, '\\.')} --token \\S+$`),
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-7-move');
    await page.getByText(/^Token created .*, valid until /).waitFor();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await command.waitFor({ state: 'detached' });
    await page.getByText(/^Token created /).waitFor({ state: 'detached' });

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('offers a member what is theirs, at 375 px in French', async () => {
    const member = await createUser(web.testApp, { verified: true, displayName: 'Louis Martin' });
    await addMember(web.testApp, { id: home.id }, member, 'member');
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, member.email, member.password, 'fr');
    await page.goto(`${web.baseUrl}/households/${home.slug}/export`);
    await heading(page, 'Exporter le foyer');
    await page.getByRole('button', { name: 'Exporter ce qui est à moi' }).click();
    await page
      .locator('.export-list li[data-status="ready"]')
      .getByText('Ce qui est à moi', { exact: false })
      .waitFor({ timeout: 30_000 });
    // Moving the household elsewhere is for its owners.
    expect(
      await page.getByRole('heading', { name: 'Déménager sur mon propre serveur' }).count(),
    ).toBe(0);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-7-export-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
