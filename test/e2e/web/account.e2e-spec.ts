import request from 'supertest';
import { createUser, signIn, strongPassword, uniqueEmail } from '../../factories/user.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { waitForMail } from '../../harness/mailbox';
import {
  heading,
  horizontalOverflow,
  mailedLink,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

/** The account page: name, language, email, password, sessions and app passwords. */
describe('web app: the account page', () => {
  const web = useWebSuite();

  it('in French on a phone: name and language, password, sessions, app passwords, a new address', async () => {
    const user = await createUser(web.testApp, { verified: true, displayName: 'Amelie' });
    const laptop = await signIn(web.testApp.server, user.email, user.password);
    const visitor = await newVisitor(web.browser, { locale: 'fr-FR', width: 375, height: 800 });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, user.email, user.password, 'fr');
    await page.getByRole('link', { name: 'Compte' }).click();
    await heading(page, 'Votre compte');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(false);
    await screenshot(page, 'account-375px-fr');

    // Name and language: the account's mails follow.
    await page.getByLabel('Votre nom').fill('Amélie Martin');
    await page.getByLabel('Langue de l’application et de vos e-mails').selectOption('fr');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Enregistré.').waitFor();
    const me = await request(web.testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    expect(me.body).toMatchObject({ displayName: 'Amélie Martin', language: 'fr' });

    // Sessions: this browser, and two others (the factory's and the laptop's), each of which
    // can be signed out from here.
    const sessions = page.getByTestId('sessions');
    await sessions.getByText('Ce navigateur').waitFor();
    expect(await sessions.getByRole('listitem').count()).toBe(3);
    const endButtons = sessions.getByRole('button', { name: /^Déconnecter / });
    expect(await endButtons.count()).toBe(2);
    await endButtons.first().click();
    await page.getByText('Cette session a été déconnectée.').waitFor();
    await expectCount(sessions.getByRole('listitem'), 2);
    await endButtons.first().click();
    await expectCount(sessions.getByRole('listitem'), 1);
    await request(web.testApp.server).get('/api/v1/me').set(laptop.auth).expect(401);
    await request(web.testApp.server).get('/api/v1/me').set(user.auth).expect(401);

    // The password: a wrong current one is refused in words, the right one changes it.
    visitor.expectFailure({ status: 403, path: '/api/v1/me/password' });
    const passwordCard = page.getByRole('region', { name: 'Mot de passe' });
    const newPassword = strongPassword();
    await passwordCard.getByLabel('Mot de passe actuel').fill('pas le bon mot de passe');
    await passwordCard.getByLabel('Nouveau mot de passe').fill(newPassword);
    await passwordCard.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await passwordCard.getByRole('alert').waitFor();
    expect(await passwordCard.getByRole('alert').textContent()).not.toMatch(/CURRENT_PASSWORD/);
    await passwordCard.getByLabel('Mot de passe actuel').fill(user.password);
    await passwordCard.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await passwordCard.getByText('Votre mot de passe a été changé.', { exact: false }).waitFor();
    await signIn(web.testApp.server, user.email, newPassword);

    // App passwords live on the account page too.
    const appPasswords = page.getByRole('region', { name: 'Mots de passe d’application' });
    await appPasswords.getByLabel('Nom de l’appareil').fill('Téléphone d’Amélie');
    await appPasswords.getByRole('button', { name: 'Créer un mot de passe d’application' }).click();
    await page.getByTestId('new-app-password').waitFor();

    // A new address: pending until the link mailed to it is opened, in French.
    const next = uniqueEmail('amelie-new');
    const emailCard = page.getByRole('region', { name: 'Adresse e-mail' });
    await emailCard.getByLabel('Nouvelle adresse e-mail').fill(next);
    await emailCard.getByLabel('Mot de passe actuel').fill(newPassword);
    await emailCard.getByRole('button', { name: 'Changer d’adresse' }).click();
    await emailCard.getByText(`Nous avons envoyé un lien à ${next}.`, { exact: false }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(false);
    await screenshot(page, 'account-pending-email-375px-fr');
    const mail = await waitForMail(next, { subject: /nouvelle adresse/ });
    expect(mail.text).toContain('Bonjour Amélie Martin,');
    const link = await mailedLink(next, /nouvelle adresse/, '/confirm-email');
    await page.goto(link);
    await page.getByText('Votre compte utilise désormais sa nouvelle adresse e-mail.').waitFor();
    await page.getByRole('link', { name: 'Continuer' }).click();
    await heading(page, 'Votre compte');
    await page.getByText(`Vous vous connectez avec ${next}.`).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('in English: changing the language in the header changes the account’s mails', async () => {
    const user = await createUser(web.testApp, { verified: true, displayName: 'Ada' });
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, user.email, user.password);
    await page.getByRole('link', { name: 'Account' }).click();
    await heading(page, 'Your account');
    await page.getByText(`You sign in with ${user.email}.`).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await heading(page, 'Votre compte');
    await expectAccountLanguage(web.testApp.server, user.auth, 'fr');
    await page.getByLabel('Langue', { exact: true }).selectOption('en');
    await heading(page, 'Your account');
    await expectAccountLanguage(web.testApp.server, user.auth, 'en');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('does not send the first account of a server to an inbox that got no mail', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    const email = uniqueEmail('first-account');
    const password = strongPassword();
    // The first account of a self-hosted server is verified at once and mailed nothing; this
    // suite's database has accounts already, so the answer is made the first account's, as the
    // server gives it (verified), and the account made so to match.
    await page.route('**/api/v1/auth/signup', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { id: string };
      await ownerQuery(web.testApp.db, 'UPDATE users SET email_verified_at = now() WHERE id = $1', [
        body.id,
      ]);
      await route.fulfill({ response, json: { ...body, emailVerified: true } });
    });
    await page.goto(`${web.baseUrl}/sign-up`);
    await heading(page, 'Create your account');
    await page.getByLabel('Your name').fill('First');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading(page, 'Your households');
    expect(await page.getByText('Check your inbox').count()).toBe(0);
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('signs up in French: the account and its first mail are in French', async () => {
    const visitor = await newVisitor(web.browser, { locale: 'fr-FR' });
    const { page } = visitor;
    const email = uniqueEmail('inscription');
    await page.goto(`${web.baseUrl}/sign-up`);
    await heading(page, 'Créer votre compte');
    await page.getByLabel('Votre nom').fill('Zoé');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(strongPassword());
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await heading(page, 'Consultez votre messagerie');
    const mail = await waitForMail(email);
    expect(mail.subject).toBe('Confirmez votre adresse e-mail pour Foyer');
    expect(mail.text).toContain('Bonjour Zoé,');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});

async function expectAccountLanguage(
  server: Parameters<typeof request>[0],
  auth: Record<string, string>,
  language: string,
): Promise<void> {
  const until = Date.now() + 5000;
  let current = '';
  while (Date.now() < until) {
    current = (await request(server).get('/api/v1/me').set(auth)).body.language as string;
    if (current === language) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(current).toBe(language);
}

/** Waits until the locator matches `count` elements (a list re-read after an action). */
async function expectCount(
  locator: import('playwright-core').Locator,
  count: number,
): Promise<void> {
  const until = Date.now() + 5000;
  let current = await locator.count();
  while (current !== count && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = await locator.count();
  }
  expect(current).toBe(count);
}
