import request from 'supertest';
import { strongPassword, uniqueEmail } from '../../factories/user.factory';
import {
  mailedLink,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  useWebSuite,
} from './web-harness';

/** Journey 1: sign up, verify the email by its link, sign in and out, reset a password. */
describe('web app: accounts', () => {
  const web = useWebSuite();

  it('signs up, verifies the email from the mail, signs in and out, resets the password', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    const email = uniqueEmail('web-signup');
    const password = strongPassword();

    // A first visit lands on the sign-in page, which leads to sign up.
    await page.goto(web.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click();

    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await page.getByLabel('Your name').fill('Ada Martin');
    await page.getByLabel('Email').fill(email);
    // A common password is refused, in words.
    visitor.expectFailure({ status: 400, path: '/api/v1/auth/signup' });
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectAlert(page, /too (short|common)/);
    expect(await page.getByRole('alert').textContent()).not.toMatch(/PASSWORD_/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-1-sign-up');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your inbox' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(email);

    // The emailed link opens the app, which confirms the address.
    const verifyLink = await mailedLink(email, /Confirm your email/, '/verify-email');
    expect(verifyLink.startsWith(`${web.baseUrl}/verify-email?token=`)).toBe(true);
    await page.goto(verifyLink);
    await page.getByText('Your email address is confirmed.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Continue' }).click();

    // Sign in: a wrong password is explained, the right one opens the households page.
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('Your email address is confirmed. You can sign in.').waitFor();
    visitor.expectFailure({ status: 401, path: '/api/v1/auth/login' });
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectAlert(page, /This email and password do not match/);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your households' }).waitFor();
    await page.getByText('You do not belong to a household yet.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-1-signed-in');

    // Sign out, from the header.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.goto(`${web.baseUrl}/households`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/households');

    // Forgotten password: the mailed link sets a new one, which then signs in.
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(/a link to reset its password is on its way/).waitFor();
    const resetLink = await mailedLink(email, /Reset your Foyer password/, '/reset-password');
    await page.goto(resetLink);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-1-reset-password');
    const newPassword = strongPassword();
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password was changed. Sign in with the new one.').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your households' }).waitFor();

    // The same reset link cannot be used twice, and says so in words.
    visitor.expectFailure({ status: 410, path: '/api/v1/auth/password-reset/confirm' });
    await page.goto(resetLink);
    await page.getByLabel('New password').fill(strongPassword());
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expectAlert(page, /already used|not valid/);

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('serves the app for its pages and leaves the server’s own paths alone', async () => {
    const html = 'text/html';
    for (const page of ['/', '/sign-in', '/verify-email?token=x', '/households/x/members']) {
      const response = await request(web.testApp.server).get(page).set('Accept', html).expect(200);
      expect(response.headers['content-type']).toContain(html);
      expect(response.text).toContain('<div id="root">');
    }
    const api = await request(web.testApp.server).get('/api/v1/nothing').set('Accept', html);
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    await request(web.testApp.server).get('/health').set('Accept', html).expect(200);
    const dav = await request(web.testApp.server).get('/dav/nothing').set('Accept', html);
    expect(dav.text).not.toContain('<div id="root">');
    const known = await request(web.testApp.server).get('/.well-known/x').set('Accept', html);
    expect(known.text).not.toContain('<div id="root">');
    const asset = await request(web.testApp.server).get('/assets/missing.js').expect(404);
    expect(asset.text).not.toContain('<div id="root">');
  });

  it('can be used with the keyboard alone', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.getByLabel('Email').focus();
    await page.keyboard.type(uniqueEmail('keys'));
    await page.keyboard.press('Tab');
    await page.keyboard.type('some password');
    visitor.expectFailure({ status: 401, path: '/api/v1/auth/login' });
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('speaks French to a French browser, and switches language on request', async () => {
    const visitor = await newVisitor(web.browser, { locale: 'fr-FR' });
    const { page } = visitor;
    await page.goto(`${web.baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    visitor.expectFailure({ status: 401, path: '/api/v1/auth/login' });
    await page.getByLabel('E-mail').fill(uniqueEmail('nobody'));
    await page.getByLabel('Mot de passe').fill('wrong password here');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expectAlert(page, /Cet e-mail et ce mot de passe ne correspondent pas/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-1-sign-in-fr');

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});

async function expectAlert(page: import('playwright-core').Page, text: RegExp): Promise<void> {
  await page.getByRole('alert').filter({ hasText: text }).waitFor();
}
