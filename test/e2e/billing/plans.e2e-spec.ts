import request from 'supertest';
import { createHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';

const GIB = 1024 ** 3;

describe('billing off (no STRIPE_SECRET_KEY: self-hosting)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  it('GET /api/v1/plans is public and offers only self_hosted, without limits', async () => {
    const response = await request(testApp.server).get('/api/v1/plans').expect(200);
    expect(response.body).toEqual({
      billingEnabled: false,
      plans: [
        {
          id: 'self_hosted',
          name: 'Self-hosted',
          monthlyPrice: 0,
          currency: 'eur',
          storageQuotaBytes: null,
          seats: null,
          purchasable: false,
        },
      ],
    });
  });

  it('shows every household on self_hosted, and refuses checkout and portal (409)', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const overview = await request(testApp.server)
      .get(`/api/v1/households/${home.slug}/billing`)
      .set(owner.auth)
      .expect(200);
    expect(overview.body).toMatchObject({
      plan: { id: 'self_hosted', storageQuotaBytes: null, seats: null },
      status: 'self_hosted',
      readOnly: null,
      usage: { bytes: 0, quotaBytes: null, seatsUsed: 1, seats: null },
      invoices: [],
    });
    const checkout = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/checkout`)
      .set(owner.auth)
      .send({ planId: 'family' })
      .expect(409);
    expect(checkout.body.code).toBe('BILLING_DISABLED');
    await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/portal`)
      .set(owner.auth)
      .expect(409);
  });

  it('answers the webhook with 404 (nothing to verify against)', async () => {
    const response = await request(testApp.server)
      .post('/api/v1/billing/stripe/webhook')
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(404);
    expect(response.body.code).toBe('BILLING_DISABLED');
  });
});

describe('billing on: plans', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_foyer',
      STRIPE_WEBHOOK_SECRET: 'whsec_foyer',
      STRIPE_API_URL: 'http://127.0.0.1:9',
      STRIPE_PRICE_FAMILY: 'price_family',
    });
  });
  afterAll(() => testApp?.close());

  it('lists free, family and family_plus from the configuration', async () => {
    const response = await request(testApp.server).get('/api/v1/plans').expect(200);
    expect(response.body.billingEnabled).toBe(true);
    expect(response.body.plans).toEqual([
      expect.objectContaining({
        id: 'free',
        storageQuotaBytes: 5 * GIB,
        seats: 3,
        purchasable: false,
      }),
      expect.objectContaining({
        id: 'family',
        storageQuotaBytes: 200 * GIB,
        seats: 6,
        purchasable: true,
      }),
      // No STRIPE_PRICE_FAMILY_PLUS here: shown, not purchasable.
      expect.objectContaining({
        id: 'family_plus',
        storageQuotaBytes: 2 * 1024 * GIB,
        seats: 10,
        purchasable: false,
      }),
    ]);
  });

  it('while Stripe cannot be reached: checkout is 502 with nothing stored, the overview still answers', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const refused = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/checkout`)
      .set(owner.auth)
      .send({ planId: 'family' })
      .expect(502);
    expect(refused.body.code).toBe('BILLING_PROVIDER_UNAVAILABLE');
    expect(
      await ownerQuery(testApp.db, 'SELECT 1 FROM billing_accounts WHERE household_id = $1', [
        home.id,
      ]),
    ).toEqual([]);
    await ownerQuery(
      testApp.db,
      `INSERT INTO billing_accounts (household_id, stripe_customer_id) VALUES ($1, 'cus_unreachable')`,
      [home.id],
    );
    const overview = await request(testApp.server)
      .get(`/api/v1/households/${home.slug}/billing`)
      .set(owner.auth)
      .expect(200);
    expect(overview.body).toMatchObject({ plan: { id: 'free' }, status: 'none', invoices: null });
  });
});
