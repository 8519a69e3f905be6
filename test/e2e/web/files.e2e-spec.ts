import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { setHouseholdStatus } from '../../factories/household.factory';
import { createUser, type TestUser } from '../../factories/user.factory';
import { setQuota } from '../files/files-fixture';
import { createActiveHousehold, type CreatedHousehold } from '../households/provisioning-helpers';
import {
  heading,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
  type Visitor,
} from './web-harness';

const MB = 1024 * 1024;

/** Waits until the named progress bar says `percent`. */
async function progressReaches(page: Page, name: string, percent: number): Promise<void> {
  await page
    .getByRole('progressbar', { name, exact: true })
    .and(page.locator(`[aria-valuenow="${percent}"]`))
    .waitFor();
}

/** Every aria-valuenow the page's progress bars took, by their name, from now on. */
async function recordProgress(page: Page): Promise<() => Promise<Record<string, number[]>>> {
  await page.evaluate(`(() => {
    const seen = (window.__progress = {});
    const note = (element) => {
      const name = element.getAttribute('aria-label');
      (seen[name] = seen[name] || []).push(Number(element.getAttribute('aria-valuenow')));
    };
    new MutationObserver((changes) => {
      for (const change of changes) {
        const nodes = change.type === 'attributes' ? [change.target] : [...change.addedNodes];
        for (const node of nodes) {
          if (!(node instanceof Element)) continue;
          if (node.getAttribute('role') === 'progressbar') note(node);
          node.querySelectorAll?.('[role=progressbar]').forEach(note);
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  })()`);
  return async () => (await page.evaluate('window.__progress')) as Record<string, number[]>;
}

/** Drops files on the drop zone as a browser does: dragenter, dragover, then drop. */
async function dropFiles(page: Page, files: { name: string; type: string; text: string }[]) {
  // A string, as the suite's TypeScript has no DOM types: it runs in the page.
  await page.evaluate(`(() => {
    const zone = document.querySelector('[data-testid="drop-zone"]');
    const transfer = new DataTransfer();
    for (const file of ${JSON.stringify(files)}) {
      transfer.items.add(new File([file.text], file.name, { type: file.type }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(
        new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
      );
    }
  })()`);
}

/** Journey 4: files, from the browser. */
describe('web app: files', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;
  let filesUrl: string;

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
    filesUrl = `${web.baseUrl}/households/${home.slug}/files`;
    await setQuota(web.testApp, home.id, 50 * MB);
  });

  async function signedIn(options?: Parameters<typeof newVisitor>[1]): Promise<Visitor> {
    const visitor = await newVisitor(web.browser, options);
    await signInWithForm(visitor.page, web.baseUrl, owner.email, owner.password);
    return visitor;
  }

  it('browses, uploads with the picker and by drop, downloads, renames, moves, trashes and restores', async () => {
    const visitor = await signedIn();
    const { page } = visitor;
    const movePath = `/api/v1/households/${home.id}/files/move`;

    // Reached from the household's sections; the default folders are there.
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Files' })
      .click();
    await heading(page, 'Files');
    await page.getByText(/^0 B of 50 MB used/).waitFor();
    await progressReaches(page, 'Storage used', 0);
    for (const name of ['Documents', 'Photos', 'Shared']) {
      await page.getByRole('link', { name, exact: true }).waitFor();
    }
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    const crumbs = page.getByRole('navigation', { name: 'Folder path' });
    await crumbs.getByText('Documents').and(page.locator('[aria-current="page"]')).waitFor();
    await page.getByText('This folder is empty.', { exact: false }).waitFor();

    // The picker, three files; the upload is slowed so its bars are seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2 * MB,
    });
    const progress = await recordProgress(page);
    const big = Buffer.alloc(3 * MB, 7);
    await page.getByLabel('Choose files').setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Buy bread.\n') },
      { name: 'budget.json', mimeType: 'application/json', buffer: Buffer.from('{"total":3}') },
      { name: 'holiday.bin', mimeType: 'application/octet-stream', buffer: big },
    ]);
    await page.getByText('All 3 files uploaded.').waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await progressReaches(page, 'All uploads', 100);
    for (const name of ['notes.txt', 'budget.json', 'holiday.bin']) {
      await progressReaches(page, `Upload of ${name}`, 100);
      await page.getByRole('link', { name: `Download ${name}` }).waitFor();
    }
    const seen = await progress();
    const between = (values: number[] = []) => values.filter((v) => v > 0 && v < 100);
    expect(between(seen['Upload of holiday.bin']).length).toBeGreaterThan(0);
    expect(between(seen['All uploads']).length).toBeGreaterThan(0);
    // The usage bar follows.
    await page.getByText(/^3 MB of 50 MB used/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Drag and drop, two more.
    await dropFiles(page, [
      { name: 'drawing-1.txt', type: 'text/plain', text: 'a house' },
      { name: 'drawing-2.txt', type: 'text/plain', text: 'a cat' },
    ]);
    await page.getByText('All 2 files uploaded.').waitFor();
    await page.getByRole('link', { name: 'Download drawing-2.txt' }).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBe(1 + 5);
    await screenshot(page, 'journey-4-files');

    // Download: the bytes that went up.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download notes.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('notes.txt');
    expect(await readFile((await download.path()) ?? '', 'utf8')).toBe('Buy bread.\n');

    // Rename; a taken name and an impossible one are explained.
    await page.getByRole('button', { name: 'Rename notes.txt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename notes.txt' });
    await dialog.getByLabel('New name').fill('budget.json');
    visitor.expectFailure({ status: 409, path: movePath });
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'already has that name' }).waitFor();
    visitor.expectFailure({ status: 400, path: movePath });
    await dialog.getByLabel('New name').fill('..');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'This name cannot be used' }).waitFor();
    expect(await dialog.getByRole('alert').textContent()).not.toMatch(/INVALID_NAME|NAME_TAKEN/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByLabel('New name').fill('shopping.txt');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await page.getByText('notes.txt is now called shopping.txt.').waitFor();
    await page.getByRole('link', { name: 'Download shopping.txt' }).waitFor();

    // Move to another folder, then follow it there through the breadcrumbs.
    await page.getByRole('button', { name: 'Move shopping.txt' }).click();
    const moveDialog = page.getByRole('dialog', { name: 'Move shopping.txt' });
    await moveDialog.getByLabel('Move to folder').selectOption('/Photos');
    await moveDialog.getByRole('button', { name: 'Move' }).click();
    await page.getByText('shopping.txt was moved to /Photos.').waitFor();
    await crumbs.getByRole('link', { name: 'All files' }).click();
    await page.getByRole('link', { name: 'Photos', exact: true }).click();
    await page.getByRole('link', { name: 'Download shopping.txt' }).waitFor();

    // Delete: to the trash, and back.
    await page.getByRole('button', { name: 'Delete shopping.txt' }).click();
    await page.getByText('shopping.txt was moved to the trash.', { exact: false }).waitFor();
    await page.getByText('This folder is empty.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Trash' }).click();
    await heading(page, 'Trash');
    await page.getByText('from /Photos/shopping.txt', { exact: false }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-4-trash');
    await page.getByRole('button', { name: 'Restore shopping.txt' }).click();
    await page.getByText('shopping.txt is back, at /Photos/shopping.txt.').waitFor();
    await page.getByText('The trash is empty.').waitFor();

    // Empty the trash: asked first, then the space comes back.
    await page.getByRole('link', { name: 'Back to the files' }).click();
    await heading(page, 'Files');
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('button', { name: 'Delete holiday.bin' }).click();
    await page.getByText('holiday.bin was moved to the trash.', { exact: false }).waitFor();
    await page.getByText(/^3 MB of 50 MB used/).waitFor();
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('button', { name: 'Empty the trash' }).click();
    const confirm = page.getByRole('dialog', { name: 'Empty the trash?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Restore holiday.bin' }).waitFor();
    await page.getByRole('button', { name: 'Empty the trash' }).click();
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('The trash is empty; the space is free again.').waitFor();
    await page.getByRole('link', { name: 'Back to the files' }).click();
    await page.getByText(/^\d+ B of 50 MB used/).waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('explains a full quota, a name already there and a read-only household', async () => {
    const visitor = await signedIn();
    const { page } = visitor;
    const contentPath = `/api/v1/households/${home.id}/files/content`;
    await page.goto(`${filesUrl}?path=${encodeURIComponent('/Shared')}`);
    await heading(page, 'Files');

    await page
      .getByLabel('Choose files')
      .setInputFiles([{ name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from('milk') }]);
    await page.getByText('The file was uploaded.').waitFor();

    // The same name again: not overwritten, and said so.
    visitor.expectFailure({ status: 412, path: contentPath });
    await page
      .getByLabel('Choose files')
      .setInputFiles([{ name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from('eggs') }]);
    await page.getByText('1 of 1 files could not be uploaded.').waitFor();
    await page.getByText('A file of this name is already here.', { exact: false }).waitFor();

    // Over the quota: the upload is refused and the bar says the storage is full.
    await setQuota(web.testApp, home.id, 100);
    visitor.expectFailure({ status: 507, path: contentPath });
    await page.getByLabel('Choose files').setInputFiles([
      { name: 'ok.txt', mimeType: 'text/plain', buffer: Buffer.from('small') },
      { name: 'scan.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4096) },
    ]);
    await page.getByText('1 of 2 files could not be uploaded.').waitFor();
    await page
      .locator('.upload-error')
      .filter({ hasText: 'There is not enough storage left.' })
      .waitFor();
    await page.getByText(/^\d+ B of 100 B used/).waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/QUOTA_EXCEEDED/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-4-files-quota');
    await setQuota(web.testApp, home.id, 50 * MB);

    // Read-only (suspended): changes are refused, in words.
    await setHouseholdStatus(web.testApp, home, 'suspended');
    try {
      visitor.expectFailure({ status: 409, path: `/api/v1/households/${home.id}/files/folders` });
      await page.getByLabel('New folder').fill('Recipes');
      await page.getByRole('button', { name: 'Create folder' }).click();
      await page.getByRole('alert').filter({ hasText: 'This household is read-only' }).waitFor();
    } finally {
      await setHouseholdStatus(web.testApp, home, 'active');
    }
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByText('Folder Recipes created.').waitFor();
    await page.getByRole('link', { name: 'Recipes', exact: true }).waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('fits a 375 px phone screen, in French', async () => {
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password, 'fr');
    await page.goto(`${filesUrl}?path=${encodeURIComponent('/Documents')}`);
    await heading(page, 'Fichiers');
    await page.getByRole('link', { name: 'Télécharger drawing-1.txt' }).waitFor();
    await page.getByText(/utilisés sur 50 Mo/).waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-4-files-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
