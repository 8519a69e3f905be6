import { HouseholdUsageMeter } from '@foyer/households';
import { addMember } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, type TestUser } from '../../factories/user.factory';
import { StripeFake } from '../../stripe-fake/stripe-fake';
import {
  billingEnv,
  deliver,
  WEBHOOK,
  WEBHOOK_SECRET,
  type FakeEvent,
} from '../billing/billing-helpers';
import { createActiveHousehold, type CreatedHousehold } from '../households/provisioning-helpers';
import {
  heading,
  newVisitor,
  screenshot,
  seriousAccessibilityViolations,
  signInWithForm,
  useWebSuite,
} from './web-harness';

const GIB = 1024 ** 3;

/** Journey 6: plan and usage, Checkout, the portal, and the banners of past-due and read-only. */
describe('web app: billing (hosted, against the Stripe fake)', () => {
  const stripe = new StripeFake();
  // Filled in before the app starts (useWebSuite reads it in its own beforeAll, after this one).
  const env = billingEnv({ FOYER_BILLING_GRACE_DAYS: '14' });
  beforeAll(async () => {
    env.STRIPE_API_URL = await stripe.start();
  });
  const web = useWebSuite(env);
  let owner: TestUser;
  let home: CreatedHousehold;
  /** Bytes the households store, as the usage meter reports them to billing. */
  const usage = new Map<string, number>();

  beforeAll(async () => {
    // The Checkout page delivers its signed webhooks to this app, as Stripe would.
    stripe.deliverWebhooksTo(`${web.baseUrl}${WEBHOOK}`, WEBHOOK_SECRET);
    const meter = web.testApp.app.get(HouseholdUsageMeter, { strict: false });
    const real = meter.bytesUsed.bind(meter);
    jest.spyOn(meter, 'bytesUsed').mockImplementation(async (ids: readonly string[]) => {
      const measured = await real(ids);
      return new Map(ids.map((id) => [id, usage.get(id) ?? measured.get(id) ?? 0]));
    });
    owner = await createUser(web.testApp, { verified: true, displayName: 'Ada Martin' });
    home = await createActiveHousehold(web.testApp.server, owner, 'The Martins');
  });
  afterAll(() => stripe.stop());

  /** Moves the subscription in the fake and delivers what Stripe would send. */
  async function control(path: string): Promise<void> {
    const response = await fetch(`${env.STRIPE_API_URL}/_fake/${path}`, { method: 'POST' });
    if (!response.ok) throw new Error(`fake ${path}: ${response.status}`);
    const { events } = (await response.json()) as { events: FakeEvent[] };
    await deliver(web.testApp, events);
  }

  it('chooses a plan through Checkout, opens the portal, and explains past due and read-only', async () => {
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    await page.getByRole('link', { name: 'The Martins' }).click();
    await page
      .getByRole('navigation', { name: 'Household sections' })
      .getByRole('link', { name: 'Billing' })
      .click();
    await heading(page, 'Plan and billing');
    await page.getByRole('heading', { name: 'Your plan: Free' }).waitFor();
    await page.getByText('Free plan, no subscription').waitFor();
    await page.getByText(/of 5 GB used/).waitFor();
    await page.getByText('1 of 3 places taken', { exact: false }).waitFor();
    await page.getByText('€5.00 a month').waitFor();
    expect(await page.getByRole('button', { name: 'Manage billing' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-6-billing-free');

    // Choose Family: off to Checkout, pay, and back to the app with the plan active.
    // The fake's own pages have no icon: the browser's 404 for it is Stripe's, not the app's.
    visitor.expectFailure({ status: 404, path: '/favicon.ico' });
    await page.getByRole('button', { name: 'Choose the Family plan' }).click();
    await page.waitForURL(`${env.STRIPE_API_URL}/checkout/**`);
    await page.getByRole('button', { name: 'Pay and subscribe' }).click();
    await page.waitForURL(`${web.baseUrl}/households/${home.slug}/billing?billing=success**`);
    await page.getByText('Thank you! The household is now on the Family plan.').waitFor();
    await page.getByRole('heading', { name: 'Your plan: Family' }).waitFor();
    await page.getByText('Active', { exact: true }).waitFor();
    await page.getByText(/of 200 GB used/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-6-billing-active');

    // Manage: Stripe's portal, and back.
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL(`${env.STRIPE_API_URL}/portal/**`);
    await page.getByRole('heading', { name: 'Billing portal (test)' }).waitFor();
    await page.getByRole('link', { name: 'Back to Foyer' }).click();
    await page.waitForURL(`${web.baseUrl}/households/${home.slug}/**`);

    // Payment failed: a banner on every page says until when the household stays writable.
    const [subscriptionId] = [...stripe.subscriptions.keys()];
    await control(`subscriptions/${subscriptionId}/payment_failed`);
    await page.goto(`${web.baseUrl}/households/${home.slug}/files`);
    await heading(page, 'Files');
    await page.getByText('The last payment failed.').waitFor();
    await page.getByText(/Update the payment method before \w+ \d+, \d{4}/).waitFor();
    await page.getByRole('link', { name: 'See the plan and billing' }).click();
    await heading(page, 'Plan and billing');
    await page.getByText('Payment overdue').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-6-billing-past-due');

    // The grace period ends: read-only, and a change is refused in words.
    await ownerQuery(
      web.testApp.db,
      `UPDATE billing_accounts SET grace_ends_at = now() - interval '1 second' WHERE household_id = $1`,
      [home.id],
    );
    await page.goto(`${web.baseUrl}/households/${home.slug}/settings`);
    await heading(page, 'Household settings');
    await page.getByText('This household is read-only: a payment is overdue.').waitFor();
    visitor.expectFailure({ status: 402, path: `/api/v1/households/${home.id}` });
    await page.getByLabel('Household name').fill('The Martin family');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'read-only until an overdue payment is made' })
      .waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/PAYMENT_REQUIRED/);
    await screenshot(page, 'journey-6-billing-payment-required');

    // Paid: writable again.
    await control(`subscriptions/${subscriptionId}/pay`);
    await page.reload();
    await heading(page, 'Household settings');
    await page.getByLabel('Household name').fill('The Martin family');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByText('The household is now called The Martin family.').waitFor();
    expect(await page.getByText('a payment is overdue').count()).toBe(0);

    // More stored than the plan allows: read-only until it fits, said with the sizes.
    usage.set(home.id, 250 * GIB);
    try {
      await page.goto(`${web.baseUrl}/households/${home.slug}/files`);
      await heading(page, 'Files');
      await page.getByText('it stores more than its plan allows', { exact: false }).waitFor();
      await page.getByText('It uses 250 GB of 200 GB.', { exact: false }).waitFor();
      visitor.expectFailure({ status: 409, path: `/api/v1/households/${home.id}/files/folders` });
      await page.getByLabel('New folder').fill('Holidays');
      await page.getByRole('button', { name: 'Create folder' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'stores more than its plan allows, so it is read-only' })
        .waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'journey-6-billing-over-quota');
    } finally {
      usage.delete(home.id);
    }

    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });

  it('shows the plans to a member, who cannot change them, at 375 px in French', async () => {
    const member = await createUser(web.testApp, { verified: true, displayName: 'Louis Martin' });
    await addMember(web.testApp, { id: home.id }, member, 'member');
    const visitor = await newVisitor(web.browser, { width: 375, height: 760, locale: 'fr-FR' });
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, member.email, member.password, 'fr');
    await page.goto(`${web.baseUrl}/households/${home.slug}/billing`);
    await heading(page, 'Offre et facturation');
    await page.getByRole('heading', { name: 'Votre offre : Family' }).waitFor();
    await page.getByText('Seuls les propriétaires du foyer peuvent changer d’offre.').waitFor();
    expect(await page.getByRole('button', { name: /Choisir/ }).count()).toBe(0);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-6-billing-375px-fr');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});

describe('web app: billing off (self-hosted)', () => {
  const web = useWebSuite();

  it('says the household is self-hosted, with no limits', async () => {
    const owner = await createUser(web.testApp, { verified: true });
    const home = await createActiveHousehold(web.testApp.server, owner, 'Our server');
    const visitor = await newVisitor(web.browser);
    const { page } = visitor;
    await signInWithForm(page, web.baseUrl, owner.email, owner.password);
    // Nothing to pay on a server without billing: no Billing tab among the household's sections.
    await page.goto(`${web.baseUrl}/households/${home.slug}/export`);
    const sections = page.getByRole('navigation', { name: 'Household sections' });
    await sections.getByRole('link', { name: 'Export' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await sections.getByRole('link', { name: 'Billing' }).count()).toBe(0);
    await page.goto(`${web.baseUrl}/households/${home.slug}/billing`);
    await heading(page, 'Plan and billing');
    await page.getByRole('heading', { name: 'Self-hosted household' }).waitFor();
    await page.getByText('no limit on storage or members', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: /Choose/ }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-6-billing-self-hosted');
    expect(visitor.errors()).toEqual([]);
    await visitor.close();
  });
});
