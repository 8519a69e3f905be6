import request from 'supertest';
import { createUser, strongPassword, uniqueEmail } from '../../factories/user.factory';
import { createActiveHousehold } from '../households/provisioning-helpers';
import {
  mailedLink,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

const INVITE_SUBJECT = /invited you/i;

/** Journey 3: invite, see it pending, resend, revoke; the invitee signs up from the link and is in. */
describe('web app: invites', () => {
  const web = useWebSuite();

  it('invites a relative, who creates an account from the link and lands in the household', async () => {
    const owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    await createActiveHousehold(web.testApp.server, owner, 'The Bernards');
    const grandma = uniqueEmail('grandma');
    const cousin = uniqueEmail('cousin');

    const inviter = await newVisitor(web.browser);
    const { page } = inviter;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Bernards' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Members' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await page.getByText('No pending invitations.').waitFor();

    const invite = async (email: string, role: string) => {
      await page.getByLabel('Their email').fill(email);
      await page.getByLabel('Role', { exact: true }).selectOption(role);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText(`Invitation sent to ${email}.`).waitFor();
    };
    await invite(grandma, 'member');
    await invite(cousin, 'child');
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    await pending.getByText(grandma).waitFor();
    await pending.getByText(cousin).waitFor();
    await waitForInviteMail(grandma, 1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-3-invites');

    // Resend: a second mail with a new link; revoke the other one.
    await page.getByRole('button', { name: `Resend the invitation to ${grandma}` }).click();
    await page.getByText(`A new invitation was sent to ${grandma}.`).waitFor();
    const link = await mailedLink(grandma, INVITE_SUBJECT, '/invite', 2);
    expect(link.startsWith(`${web.baseUrl}/invite?token=`)).toBe(true);
    await page.getByRole('button', { name: `Revoke the invitation to ${cousin}` }).click();
    await page.getByText(`The invitation to ${cousin} was revoked.`).waitFor();
    await expectGone(pending.getByText(cousin));
    expect(inviter.errors()).toEqual([]);

    // The invitee opens the link in a browser of their own and creates an account.
    const invitee = await newVisitor(web.browser);
    const guest = invitee.page;
    await guest.goto(link);
    await guest.getByRole('heading', { level: 1, name: 'Join a household' }).waitFor();
    // The page says who invites to which household, and the address is the invite's.
    await guest.getByTestId('invite-details').waitFor();
    expect(await guest.getByTestId('invite-details').textContent()).toBe(
      'Ada Martin invited you to join the household “The Bernards”, as member.',
    );
    expect(await guest.getByLabel('Email').inputValue()).toBe(grandma);
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'journey-3-invite-link');
    await guest.getByLabel('Your name').fill('Grandma Bernard');
    await guest.getByLabel('Email').fill(grandma);
    await guest.getByLabel('Password').fill(strongPassword());
    await guest.getByRole('button', { name: 'Create account' }).click();
    await guest.getByRole('heading', { level: 1, name: 'Welcome to The Bernards' }).waitFor();
    await guest.getByText('You joined The Bernards.').waitFor();
    await guest.getByText('Member', { exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'journey-3-joined');
    expect(invitee.errors()).toEqual([]);
    await invitee.close();

    // The inviter sees the new member, and no pending invitation left.
    await page.reload();
    await page.getByRole('table').getByText('Grandma Bernard').waitFor();
    await page.getByText('No pending invitations.').waitFor();
    expect(inviter.errors()).toEqual([]);
    await inviter.close();
  });

  it('lets someone with an account sign in from the link and accept', async () => {
    const owner = await createUser(web.testApp, { verified: true });
    const household = await createActiveHousehold(web.testApp.server, owner, 'The Girards');
    const aunt = await createUser(web.testApp, { verified: true, displayName: 'Aunt Girard' });
    await request(web.testApp.server)
      .post(`/api/v1/households/${household.id}/invites`)
      .set(owner.auth)
      .send({ email: aunt.email, role: 'admin' })
      .expect(201);
    const link = await mailedLink(aunt.email, INVITE_SUBJECT, '/invite');

    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await page.goto(link);
    await page.getByRole('link', { name: 'Already have an account? Sign in to accept' }).click();
    await page.getByLabel('Email').fill(aunt.email);
    await page.getByLabel('Password').fill(aunt.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${aunt.email}.`).waitFor();
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome to The Girards' }).waitFor();
    await page.getByText('Admin', { exact: true }).waitFor();
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('explains a revoked invitation link in words', async () => {
    const owner = await createUser(web.testApp, { verified: true });
    const household = await createActiveHousehold(web.testApp.server, owner, 'The Revokers');
    const email = uniqueEmail('revoked');
    const created = await request(web.testApp.server)
      .post(`/api/v1/households/${household.id}/invites`)
      .set(owner.auth)
      .send({ email, role: 'member' })
      .expect(201);
    const link = await mailedLink(email, INVITE_SUBJECT, '/invite');
    await request(web.testApp.server)
      .delete(`/api/v1/households/${household.id}/invites/${(created.body as { id: string }).id}`)
      .set(owner.auth)
      .expect(204);

    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    visitor.expectFailure({ status: 410, path: '/api/v1/invites/accept' });
    visitor.expectFailure({ status: 410, path: '/api/v1/invites/preview' });
    await page.goto(link);
    // Said at once, before anyone types anything.
    await page.getByRole('alert').filter({ hasText: 'This invitation was withdrawn.' }).waitFor();
    await page.getByLabel('Your name').fill('Late Comer');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(strongPassword());
    await page.getByRole('button', { name: 'Create account' }).click();
    // Open signup makes the account anyway; the page then says why it did not join.
    await page.getByText(`Signed in as ${email}`).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: 'This invitation was withdrawn.' })
      .first()
      .waitFor();
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});

async function waitForInviteMail(address: string, count: number): Promise<void> {
  await mailedLink(address, INVITE_SUBJECT, '/invite', count);
}

async function expectGone(locator: import('playwright-core').Locator): Promise<void> {
  await locator.waitFor({ state: 'detached' });
}
