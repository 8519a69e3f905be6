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

/** Journey 5, "Connect your devices": the DAV addresses and app passwords. */
describe('web app: connect your devices', () => {
  const web = useWebSuite();
  let owner: TestUser;
  let home: CreatedHousehold;

  beforeAll(async () => {
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
  });

  it('shows the addresses, creates an app password shown once that works for WebDAV, and revokes it', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: web.baseUrl,
    });
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Devices' })
      .click();
    await heading(page, 'Connect your devices');

    const filesUrl = `${web.baseUrl}/dav/files/${home.slug}/`;
    for (const url of [
      filesUrl,
      `${web.baseUrl}/.well-known/carddav`,
      `${web.baseUrl}/.well-known/caldav`,
    ]) {
      await page.getByText(url, { exact: true }).waitFor();
    }
    await page.getByText(owner.email, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Copy the address of Files (WebDAV)' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(filesUrl);
    await page.getByText('No app passwords yet.').waitFor();

    // An empty name is refused, in words.
    visitor.expectFailure({ status: 400, path: '/api/v1/me/app-passwords' });
    await page.getByRole('button', { name: 'Create an app password' }).click();
    await page.getByRole('alert').filter({ hasText: 'Some fields are not valid.' }).waitFor();

    await page.getByLabel('Device name').fill('Ada’s phone');
    await page.getByRole('button', { name: 'Create an app password' }).click();
    await page.getByText('App password for Ada’s phone:').waitFor();
    const password = (await page.getByTestId('new-app-password').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    await page.getByRole('button', { name: 'Copy the app password' }).click();
    await page.locator('.secret').getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(password);
    await page.getByText('never used', { exact: false }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-devices');

    // The address and the password work together, as a phone would use them.
    const basic = `Basic ${Buffer.from(`${owner.email}:${password}`).toString('base64')}`;
    const propfind = () =>
      request(web.testApp.server)
        .propfind(`/dav/files/${home.slug}/`)
        .set('Authorization', basic)
        .set('Depth', '0');
    expect((await propfind()).status).toBe(207);

    // Shown once: a reload lists it, without the password.
    await page.reload();
    await heading(page, 'Connect your devices');
    await page.getByText('Ada’s phone', { exact: true }).waitFor();
    expect(await page.getByTestId('new-app-password').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(password);

    // Revoke, asked first; the password stops working.
    await page.getByRole('button', { name: 'Revoke the app password Ada’s phone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the app password Ada’s phone?' });
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('The app password Ada’s phone was revoked.').waitFor();
    await page.getByText('No app passwords yet.').waitFor();
    expect((await propfind()).status).toBe(401);

    // Revoked elsewhere meanwhile: said in words, and the list catches up.
    await page.getByLabel('Device name').fill('Laptop');
    await page.getByRole('button', { name: 'Create an app password' }).click();
    await page.getByText('App password for Laptop:').waitFor();
    const [laptop] = (
      await request(web.testApp.server).get('/api/v1/me/app-passwords').set(owner.auth)
    ).body as { id: string }[];
    await request(web.testApp.server)
      .delete(`/api/v1/me/app-passwords/${laptop.id}`)
      .set(owner.auth)
      .expect(204);
    visitor.expectFailure({ status: 404, path: `/api/v1/me/app-passwords/${laptop.id}` });
    await page.getByRole('button', { name: 'Revoke the app password Laptop' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog')
      .getByRole('alert')
      .filter({ hasText: 'This app password no longer exists' })
      .waitFor();

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('fits a 375 px phone screen, in French', async () => {
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password, 'fr');
    await page.goto(`${web.baseUrl}/households/${home.slug}/devices`);
    await heading(page, 'Connecter vos appareils');
    await page.getByText(`${web.baseUrl}/dav/files/${home.slug}/`).waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-5-devices-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
