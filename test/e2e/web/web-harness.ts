import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { createTestApp, TestApp } from '../../harness/test-app';
import { waitForMail } from '../../harness/mailbox';

const ROOT = path.resolve(__dirname, '../../..');
const WEB_BUILD = path.join(ROOT, 'dist/web/index.html');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts/web');
const CHROMIUM = '/usr/bin/chromium';

export interface WebApp {
  testApp: TestApp;
  /** `http://127.0.0.1:<port>`: FOYER_PUBLIC_URL too, so mailed links open here. */
  baseUrl: string;
  close(): Promise<void>;
}

/** The api, listening on a free port, serving the web app that `npm run build` built. */
export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  if (!existsSync(WEB_BUILD)) {
    throw new Error(`${WEB_BUILD} is missing: the suite's global setup runs npm run build`);
  }
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testApp = await createTestApp({ PORT: String(port), FOYER_PUBLIC_URL: baseUrl, ...env });
  await testApp.app.listen(port, '127.0.0.1');
  return { testApp, baseUrl, close: () => testApp.close() };
}

/** The app and a browser of a whole `describe`, for its tests and hooks to use. */
export interface WebSuite {
  readonly testApp: TestApp;
  readonly baseUrl: string;
  readonly browser: Browser;
}

/**
 * Starts the app and a browser before the `describe` it is called in, and closes both after it.
 * What it returns may be read in the tests and hooks, once they run.
 */
export function useWebSuite(env: Record<string, string> = {}): WebSuite {
  let web: WebApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(env), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The web suite is read before its beforeAll ran');
    return value;
  };
  return {
    get testApp() {
      return started(web).testApp;
    },
    get baseUrl() {
      return started(web).baseUrl;
    },
    get browser() {
      return started(browser);
    },
  };
}

/** `extraArgs`: say, `--host-resolver-rules=MAP foyer.lan 127.0.0.1` to open a home-network name. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  }
  // Playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** A failed request the journey causes on purpose (the browser logs those as errors). */
export interface ExpectedFailure {
  status: number;
  path: string;
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions so far, minus the expected failures. */
  errors(): string[];
  expectFailure(failure: ExpectedFailure): void;
  close(): Promise<void>;
}

/**
 * One person with their own cookies. Signed out, the app asks `GET /api/v1/me` and gets 401:
 * that one is expected everywhere.
 */
export async function newVisitor(
  browser: Browser,
  options: { locale?: string; width?: number; height?: number; timezoneId?: string } = {},
): Promise<Visitor> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const expected: ExpectedFailure[] = [{ status: 401, path: '/api/v1/me' }];
  const failures: { status: number; path: string }[] = [];
  const errors: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) {
      failures.push({ status: response.status(), path: new URL(response.url()).pathname });
    }
  });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(message.text());
    if (status) {
      const where = new URL(message.location().url || 'http://x/').pathname;
      const allowed = expected.some((e) => e.status === Number(status[1]) && e.path === where);
      if (allowed) return;
    }
    errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return {
    context,
    page,
    errors: () => [
      ...errors,
      ...failures
        .filter((f) => !expected.some((e) => e.status === f.status && e.path === f.path))
        .map((f) => `unexpected ${f.status} from ${f.path}`),
    ],
    expectFailure: (failure) => expected.push(failure),
    close: () => context.close(),
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now: serious and critical violations are returned, to assert []. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to the tool.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The link of the latest mail to `address` whose subject matches, on this app's address. */
export async function mailedLink(
  address: string,
  subject: RegExp,
  pathname: string,
  count = 1,
): Promise<string> {
  const mail = await waitForMail(address, { subject, count });
  const link = mail.links.find((candidate) => new URL(candidate).pathname === pathname);
  if (!link) throw new Error(`No ${pathname} link in "${mail.subject}": ${mail.links.join(' ')}`);
  return link;
}

/** Signs in through the form, and waits for the households page. */
const SIGN_IN_WORDS = {
  en: { email: 'Email', password: 'Password', submit: 'Sign in', landing: 'Your households' },
  fr: { email: 'E-mail', password: 'Mot de passe', submit: 'Se connecter', landing: 'Vos foyers' },
} as const;

/** Signs in through the form, in the page's language, and waits for the households page. */
export async function signInWithForm(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  language: keyof typeof SIGN_IN_WORDS = 'en',
) {
  const words = SIGN_IN_WORDS[language];
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: words.submit }).click();
  await page.getByRole('heading', { level: 1, name: words.landing }).waitFor();
}

/** Waits until an input holds the value: a form is filled once what it edits is read. */
export async function expectValue(input: Locator, value: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let current = await input.inputValue();
  while (current !== value && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = await input.inputValue();
  }
  expect(current).toBe(value);
}

/** Waits for the page's main heading (level 1): the page a journey step expects has loaded. */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** True when the page is wider than its viewport: something forces a sideways scroll. */
export async function horizontalOverflow(page: Page): Promise<boolean> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth > window.innerWidth',
  )) as boolean;
}
