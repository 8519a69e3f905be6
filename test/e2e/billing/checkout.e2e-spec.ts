import request from 'supertest';
import { addMember, createHousehold, TestHousehold } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { harness } from '../../harness/harness-env';
import { createTestApp, TestApp } from '../../harness/test-app';
import { billingEnv, billingRow, deliver, fake } from './billing-helpers';

interface FakeSession {
  id: string;
  customer: string;
  client_reference_id: string;
  metadata: Record<string, string>;
  mode: string;
  success_url: string;
  cancel_url: string;
  price: string;
  subscription_metadata: Record<string, string>;
}

describe('billing: checkout, portal and overview', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp(billingEnv());
  });
  afterAll(() => testApp?.close());

  async function family(): Promise<{ home: TestHousehold; owner: TestUser; admin: TestUser }> {
    const owner = await createUser(testApp, { verified: true });
    const admin = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    await addMember(testApp, home, admin, 'admin');
    return { home, owner, admin };
  }

  const checkout = (by: TestUser, hid: string, planId: unknown) =>
    request(testApp.server)
      .post(`/api/v1/households/${hid}/billing/checkout`)
      .set(by.auth)
      .send({ planId });

  const sessionId = (url: string): string => url.split('/').pop() ?? '';

  it('creates a subscription-mode Checkout session for the owner, with the household on it', async () => {
    const { home, owner } = await family();
    const response = await checkout(owner, home.slug, 'family').expect(200);
    expect(response.body.url).toMatch(new RegExp(`^${harness().stripeApiUrl}/checkout/cs_test_`));
    const session = await fake<FakeSession>('GET', `sessions/${sessionId(response.body.url)}`);
    expect(session).toMatchObject({
      mode: 'subscription',
      client_reference_id: home.id,
      metadata: { householdId: home.id },
      subscription_metadata: { householdId: home.id },
      price: 'price_family_test',
      success_url: expect.stringContaining(
        `http://foyer.test/households/${home.slug}/billing?billing=success`,
      ),
      cancel_url: `http://foyer.test/households/${home.slug}/billing?billing=canceled`,
    });
    const customers = await fake<{ id: string; metadata: Record<string, string> }[]>(
      'GET',
      'customers',
    );
    expect(customers.find((customer) => customer.id === session.customer)?.metadata).toEqual({
      householdId: home.id,
    });
  });

  it('creates the Stripe customer once, however many checkouts (even at once)', async () => {
    const { home, owner } = await family();
    const responses = await Promise.all([
      checkout(owner, home.id, 'family'),
      checkout(owner, home.id, 'family_plus'),
      checkout(owner, home.slug, 'family'),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    const customers = await fake<{ metadata: Record<string, string> }[]>('GET', 'customers');
    expect(customers.filter((customer) => customer.metadata.householdId === home.id)).toHaveLength(
      1,
    );
  });

  it('refuses anyone but an owner (403), outsiders (404), and plans that cannot be bought (400)', async () => {
    const { home, owner, admin } = await family();
    const outsider = await createUser(testApp, { verified: true });
    expect((await checkout(admin, home.slug, 'family').expect(403)).body.code).toBe(
      'HOUSEHOLD_PERMISSION_DENIED',
    );
    expect((await checkout(outsider, home.slug, 'family').expect(404)).body.code).toBe(
      'HOUSEHOLD_NOT_FOUND',
    );
    for (const planId of ['free', 'self_hosted', 'gold']) {
      expect((await checkout(owner, home.slug, planId).expect(400)).body.code).toBe(
        'BILLING_PLAN_NOT_PURCHASABLE',
      );
    }
    await checkout(owner, home.slug, 42).expect(400);
    await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/portal`)
      .set(admin.auth)
      .expect(403);
    expect(await billingRow(testApp, home.id)).toBeUndefined();
  });

  it('opens the Billing Portal for the owner once a customer exists (409 before)', async () => {
    const { home, owner } = await family();
    const before = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/portal`)
      .set(owner.auth)
      .expect(409);
    expect(before.body.code).toBe('BILLING_NO_CUSTOMER');
    await checkout(owner, home.slug, 'family').expect(200);
    const portal = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/portal`)
      .set(owner.auth)
      .expect(200);
    expect(portal.body.url).toMatch(new RegExp(`^${harness().stripeApiUrl}/portal/bps_`));
    expect(decodeURIComponent(portal.body.url)).toContain(
      `http://foyer.test/households/${home.slug}/billing`,
    );
  });

  it('shows the free plan before any subscription, then the paid one with its invoice', async () => {
    const { home, owner, admin } = await family();
    const overview = () =>
      request(testApp.server)
        .get(`/api/v1/households/${home.slug}/billing`)
        .set(admin.auth)
        .expect(200);
    expect((await overview()).body).toEqual({
      plan: expect.objectContaining({ id: 'free', seats: 3, storageQuotaBytes: 5 * 1024 ** 3 }),
      status: 'none',
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      graceEndsAt: null,
      readOnly: null,
      usage: { bytes: 0, quotaBytes: 5 * 1024 ** 3, seatsUsed: 2, seats: 3 },
      invoices: [],
    });
    const started = await checkout(owner, home.slug, 'family').expect(200);
    await deliver(
      testApp,
      (await fake('POST', `sessions/${sessionId(started.body.url)}/complete`)).events,
    );
    const body = (await overview()).body;
    expect(body).toMatchObject({
      plan: { id: 'family', seats: 6 },
      status: 'active',
      cancelAtPeriodEnd: false,
      readOnly: null,
      usage: { seatsUsed: 2, seats: 6 },
    });
    expect(new Date(body.currentPeriodEnd).getTime()).toBeGreaterThan(Date.now() + 25 * 86_400_000);
    expect(body.invoices).toEqual([
      expect.objectContaining({ status: 'paid', amountPaid: 500, currency: 'eur' }),
    ]);
  });

  it('counts members plus pending invites against the plan seats (free: 3)', async () => {
    const { home, owner } = await family();
    const invite = (email: string) =>
      request(testApp.server)
        .post(`/api/v1/households/${home.slug}/invites`)
        .set(owner.auth)
        .send({ email, role: 'member' });
    await invite(`third-${Date.now()}@example.com`).expect(201);
    const refused = await invite(`fourth-${Date.now()}@example.com`).expect(409);
    expect(refused.body.code).toBe('SEAT_LIMIT');
  });
});
