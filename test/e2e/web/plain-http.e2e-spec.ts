import type { Browser } from 'playwright-core';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createUser } from '../../factories/user.factory';
import { launchBrowser, newVisitor, signInWithForm } from './web-harness';

/**
 * A home server opened by its name on the home network, over plain http (what the self-hosting
 * guide says to open): the page renders, its scripts load, and signing in works.
 */
describe('web app: plain http on a home network', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const port = await findFreePort();
    baseUrl = `http://foyer.lan:${port}`;
    [testApp, browser] = await Promise.all([
      createTestApp({ PORT: String(port), FOYER_PUBLIC_URL: baseUrl }),
      launchBrowser(['--host-resolver-rules=MAP foyer.lan 127.0.0.1']),
    ]);
    await testApp.app.listen(port, '127.0.0.1');
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('renders and signs in at http://foyer.lan:<port>', async () => {
    const user = await createUser(testApp, { verified: true });
    const visitor = await newVisitor(browser);
    const { page } = visitor;
    const assets: string[] = [];
    page.on('request', (sent) => {
      if (new URL(sent.url()).pathname.startsWith('/assets/')) assets.push(sent.url());
    });

    await page.goto(baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.every((url) => url.startsWith(`${baseUrl}/`))).toBe(true);

    await signInWithForm(page, baseUrl, user.email, user.password);
    expect(page.url().startsWith(baseUrl)).toBe(true);
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('also opens by the address the browser used when it is not FOYER_PUBLIC_URL', async () => {
    const user = await createUser(testApp, { verified: true });
    const visitor = await newVisitor(browser);
    const byAddress = baseUrl.replace('foyer.lan', '127.0.0.1');
    await signInWithForm(visitor.page, byAddress, user.email, user.password);
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
