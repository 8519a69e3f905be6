import type { Page } from 'playwright-core';
import { uploadFile } from '../../factories/file.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser } from '../../factories/user.factory';
import { createActiveHousehold } from '../households/provisioning-helpers';
import {
  heading,
  horizontalOverflow,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

const NEW_ADDRESS = 'https://foyer.martin-family.example/h/les-martin';

/** A household that moved to another Foyer: shown as moved everywhere, and read-only. */
describe('web app: a household marked moved', () => {
  const web = useWebSuite();

  const markMoved = (householdId: string) =>
    ownerQuery(
      web.testApp.db,
      'UPDATE households SET moved_to = $2, moved_at = now() WHERE id = $1',
      [householdId, NEW_ADDRESS],
    );

  async function expectBanner(page: Page, words: RegExp): Promise<void> {
    const banner = page.getByTestId('moved-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(words);
    expect(await banner.getByRole('link', { name: NEW_ADDRESS }).getAttribute('href')).toBe(
      NEW_ADDRESS,
    );
  }

  it.each([
    {
      language: 'fr' as const,
      locale: 'fr-FR',
      width: 375,
      words: {
        households: 'Vos foyers',
        moved: 'Déménagé',
        banner: /Ce foyer a déménagé/,
        files: 'Fichiers',
        members: 'Membres',
        settings: 'Réglages',
        contacts: 'Contacts',
        newFolder: 'Nouveau dossier',
        rename: 'Renommer',
        invite: 'Envoyer l’invitation',
      },
    },
    {
      language: 'en' as const,
      locale: 'en-US',
      width: 1280,
      words: {
        households: 'Your households',
        moved: 'Moved',
        banner: /This household has moved/,
        files: 'Files',
        members: 'Members',
        settings: 'Settings',
        contacts: 'Contacts',
        newFolder: 'New folder',
        rename: 'Rename',
        invite: 'Send invitation',
      },
    },
  ])(
    '$language, $width px: a banner with the new address on every page, no write buttons, "$words.moved" in the list and switcher',
    async ({ language, locale, width, words }) => {
      const owner = await createUser(web.testApp, { verified: true, displayName: 'Olga' });
      const name = `Les Martin ${language}`;
      const home = await createActiveHousehold(web.testApp.server, owner, name);
      await uploadFile(
        web.testApp,
        owner,
        home.id,
        '/Documents/recette.txt',
        Buffer.from('Soupe.'),
      );
      await markMoved(home.id);

      const visitor = await newVisitor(web.browser, { locale, width });
      const { page } = visitor;
      await signInWithForm(page, web.baseUrl, owner.email, owner.password, language);
      await heading(page, words.households);
      const item = page.getByRole('listitem').filter({ hasText: name });
      expect(await item.locator('[data-status]').getAttribute('data-status')).toBe('moved');
      expect(await item.locator('[data-status]').textContent()).toContain(words.moved);
      const switcherOption = page.locator('#household-switcher option', { hasText: name });
      expect(await switcherOption.textContent()).toBe(`${name} (${words.moved})`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      // /h/<slug>, the address the mails give, opens the household in the web app.
      await page.goto(`${web.baseUrl}/h/${home.slug}`);
      await page.waitForURL(`${web.baseUrl}/households/${home.slug}`);
      await expectBanner(page, words.banner);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(false);
      await screenshot(page, `moved-household-${language}-${width}px`);

      const sections = page
        .getByRole('navigation')
        .filter({ has: page.getByRole('link', { name: words.files }) });
      const open = async (name: string) => {
        await sections.getByRole('link', { name, exact: true }).click();
        await expectBanner(page, words.banner);
      };

      await open(words.files);
      await page.getByRole('link', { name: 'Documents', exact: true }).click();
      await page.getByText('recette.txt').waitFor();
      expect(await page.getByRole('button', { name: words.newFolder }).count()).toBe(0);
      expect(await page.getByRole('button', { name: new RegExp(`^${words.rename}`) }).count()).toBe(
        0,
      );
      expect(await page.locator('input[type=file]').count()).toBe(0);
      expect(await horizontalOverflow(page)).toBe(false);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await open(words.members);
      await page.getByText('Olga').first().waitFor();
      expect(await page.getByRole('button', { name: words.invite }).count()).toBe(0);
      expect(await page.locator('main select').count()).toBe(0);

      await open(words.settings);
      expect(await page.locator('form input[name=name]').count()).toBe(0);

      await open(words.contacts);
      await page.getByRole('search').waitFor();
      // Searching is reading; the form that adds a contact is gone.
      expect(await page.locator('main form').count()).toBe(0);
      expect(visitor.errors()).toEqual([]);
      await visitor.close();
    },
  );
});
