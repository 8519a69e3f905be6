import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { uploadFile } from '../../factories/file.factory';
import { addMember } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, type TestUser } from '../../factories/user.factory';
import { createActiveHousehold, type CreatedHousehold } from '../households/provisioning-helpers';
import { exportHousehold, handArchive } from '../imports/import-helpers';
import {
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

async function heading(page: Page, name: string | RegExp, level = 1): Promise<void> {
  await page.getByRole('heading', { level, name }).waitFor();
}

/** Slows the page's uploads down (bytes a second), so that their progress can be seen; 0 lifts it. */
async function throttleUploads(page: Page, bytesPerSecond: number): Promise<CDPSession> {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond > 0 ? bytesPerSecond : -1,
  });
  return session;
}

/** Every code the page could show raw, were it to forget to put it in words. */
const RAW_CODE = /\b[A-Z]+(?:_[A-Z]+)+\b/;

/** Journey: an instance administrator imports a household from its archive. */
describe('web app: import a household (instance administrators)', () => {
  const web = useWebSuite();
  let admin: TestUser;
  let parent: TestUser;
  let home: CreatedHousehold;
  let work: string;
  let archive: string;

  const counts = async () => {
    const [row] = await ownerQuery<{ households: string; users: string }>(
      web.testApp.db,
      'SELECT (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM users) AS users',
    );
    return { households: Number(row.households), users: Number(row.users) };
  };

  beforeAll(async () => {
    admin = await createUser(web.testApp, { verified: true, displayName: 'Ines Operator' });
    // The first account of a server is its administrator; said outright, whatever ran before.
    await ownerQuery(web.testApp.db, 'UPDATE users SET is_instance_admin = (id = $1)', [admin.id]);
    parent = await createUser(web.testApp, { verified: true, displayName: 'Léa Lambert' });
    const child = await createUser(web.testApp, { verified: true, displayName: 'Tom Lambert' });
    home = await createActiveHousehold(web.testApp.server, parent, 'The Lamberts');
    await addMember(web.testApp, { id: home.id }, child, 'child');
    await uploadFile(web.testApp, parent, home.id, '/Documents/recipe.txt', Buffer.from('Soup.'));
    await uploadFile(web.testApp, child, home.id, '/Photos/été 2025.txt', Buffer.from('Sun.'));
    work = mkdtempSync(path.join(tmpdir(), 'foyer-web-import-'));
    archive = path.join(work, 'foyer-export-the-lamberts.zip');
    await exportHousehold(web.testApp, home.id, archive);
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('uploads an archive, follows the import, reads the report and opens the new household', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, admin.email, admin.password);
    await heading(page, 'Server administration', 2);
    await page.getByRole('link', { name: 'Import a household' }).click();
    await heading(page, 'Import a household');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Without a file, the form says so in words.
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByRole('alert').getByText('Choose an archive first.').waitFor();

    await page.getByLabel('Export archive (.zip)').setInputFiles(archive);
    // The administrator makes themself an owner, to be able to open it afterwards.
    await page.getByLabel('Owner’s email (optional)').fill(admin.email);
    // A slow line: the upload's progress shows while the archive is sent.
    await throttleUploads(page, 2048);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const progress = page.getByRole('progressbar', { name: 'Upload of the archive' });
    await progress.waitFor();
    await page.getByText(/^[\d.]+ (B|KB) of [\d.]+ KB sent$/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-import-uploading');
    await throttleUploads(page, 0);

    await heading(page, 'The household is imported', 2);
    // The page follows the import by its id: a reload would keep following it.
    expect(new URL(page.url()).searchParams.get('id')).toMatch(/^[0-9a-f-]{36}$/);
    const report = page.locator('section[data-status="done"]');
    // The Lamberts' address is taken on this server: the import gets a suffix.
    await report
      .getByText(`“The Lamberts” now lives on this server, at the address ${home.slug}-2.`)
      .waitFor();
    await report
      .getByText(`Its address on the old server, ${home.slug}, was already taken here`, {
        exact: false,
      })
      .waitFor();
    await report
      .getByText('3 members: 3 matched to accounts already on this server, 0 new accounts.')
      .waitFor();
    const members = report.locator('.import-members li');
    await members
      .filter({ hasText: parent.email })
      .getByText('Owner · Already on this server')
      .waitFor();
    await members
      .filter({ hasText: admin.email })
      .getByText('Owner · Already on this server')
      .waitFor();
    await report.getByText(/^Files and folders: \d+$/).waitFor();
    await report.getByText(/^Settings and history entries: \d+$/).waitFor();
    await report.getByText('Nothing was skipped.').waitFor();
    expect(await report.textContent()).not.toMatch(RAW_CODE);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-import-report');

    // The link leads to the new household, with its files.
    await page.getByRole('link', { name: 'Open The Lamberts' }).click();
    await heading(page, 'Welcome to The Lamberts');
    expect(new URL(page.url()).pathname).toBe(`/households/${home.slug}-2`);
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Files' })
      .click();
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.getByText('recipe.txt').waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('refuses a corrupted archive in words, with nothing created', async () => {
    const corrupted = path.join(work, 'bad-checksum.zip');
    await handArchive(corrupted, [{ path: 'files/a.txt', data: 'hello' }], {
      slug: 'corrupted',
      manifest: (manifest) => {
        const entries = manifest.entries as { path: string; sha256: string }[];
        entries.find((entry) => entry.path === 'files/a.txt')!.sha256 = '0'.repeat(64);
      },
    });
    const before = await counts();
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, admin.email, admin.password);
    await page.goto(`${web.baseUrl}/admin/import`);
    await heading(page, 'Import a household');
    // An upload can be cancelled while it is sent: nothing is imported.
    await page.getByLabel('Export archive (.zip)').setInputFiles(archive);
    await throttleUploads(page, 512);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByRole('progressbar', { name: 'Upload of the archive' }).waitFor();
    await page.getByRole('button', { name: 'Cancel the upload' }).click();
    await page.getByText('The upload was cancelled. Nothing was imported.').waitFor();
    await throttleUploads(page, 0);
    expect(await counts()).toEqual(before);

    await page.getByLabel('Export archive (.zip)').setInputFiles(corrupted);
    await page.getByRole('button', { name: 'Upload and import' }).click();

    await heading(page, 'The archive was refused', 2);
    const refusal = page.locator('section[data-status="failed"]');
    await refusal
      .getByText('This archive did not pass its checks, so it cannot be trusted.')
      .waitFor();
    await refusal
      .getByText('Nothing was imported: no household and no account was created.')
      .waitFor();
    await refusal
      .getByText(
        'In files/a.txt: A file’s contents do not match its checksum: it was damaged or changed after the export.',
      )
      .waitFor();
    expect(await refusal.textContent()).not.toMatch(RAW_CODE);
    expect(await counts()).toEqual(before);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-import-refused');

    // Another archive can be tried at once.
    await page.getByRole('button', { name: 'Import another archive' }).click();
    await page.getByLabel('Export archive (.zip)').waitFor();
    expect(new URL(page.url()).searchParams.get('id')).toBeNull();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('is not offered to anyone else, and says so to who opens its address', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, parent.email, parent.password);
    await page.getByRole('link', { name: 'The Lamberts' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Import a household' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Server administration' }).count()).toBe(0);

    await page.goto(`${web.baseUrl}/admin/import`);
    await heading(page, 'Import a household');
    await page
      .getByRole('alert')
      .getByText(
        'Only the administrator of this server can import households. Ask them to do it for you.',
      )
      .waitFor();
    expect(await page.getByLabel('Export archive (.zip)').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The API refuses too, whatever the page shows.
    visitor.expectFailure({ status: 403, path: '/api/v1/imports' });
    const status = await page.evaluate(
      `fetch('/api/v1/imports', { method: 'POST', headers: { 'Content-Type': 'application/zip' }, body: 'PK' }).then((r) => r.status)`,
    );
    expect(status).toBe(403);
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('works at 375 px in French: an unsafe archive refused, a good one imported', async () => {
    const unsafe = path.join(work, 'unsafe-path.zip');
    await handArchive(unsafe, [{ path: 'files/xx/escape.txt', data: 'out' }], {
      slug: 'unsafe',
      patch: { from: 'files/xx/escape.txt', to: 'files/../escape.txt' },
    });
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, admin.email, admin.password, 'fr');
    // Keyboard only: from the link on the households page to the form's button.
    const link = page.getByRole('link', { name: 'Importer un foyer' });
    await link.focus();
    await page.keyboard.press('Enter');
    await heading(page, 'Importer un foyer');
    const width = () => page.evaluate('document.documentElement.scrollWidth');
    expect(await width()).toBeLessThanOrEqual(375);

    await page.getByLabel('Archive d’export (.zip)').setInputFiles(unsafe);
    await page.getByRole('button', { name: 'Envoyer et importer' }).focus();
    await page.keyboard.press('Enter');
    await heading(page, 'L’archive a été refusée', 2);
    await page
      .getByText(
        'Un nom de l’archive est dangereux : il pointe hors de l’archive ou contient des caractères interdits.',
        { exact: false },
      )
      .first()
      .waitFor();
    expect(await page.locator('section[data-status="failed"]').textContent()).not.toMatch(RAW_CODE);
    expect(await width()).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-import-refused-375px-fr');

    await page.getByRole('button', { name: 'Importer une autre archive' }).click();
    await page.getByLabel('Archive d’export (.zip)').setInputFiles(archive);
    await page.getByRole('button', { name: 'Envoyer et importer' }).click();
    await heading(page, 'Le foyer est importé', 2);
    const report = page.locator('section[data-status="done"]');
    await report.getByText(/^Fichiers et dossiers : \d+$/).waitFor();
    // Not one of its members this time: the page says why there is no link.
    await report.getByText('Vous n’êtes pas membre de ce foyer', { exact: false }).waitFor();
    expect(await report.getByRole('link').count()).toBe(0);
    expect(await width()).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-import-report-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
