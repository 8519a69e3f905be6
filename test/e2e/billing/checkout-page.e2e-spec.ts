import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createHousehold } from '../../factories/household.factory';
import { createUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { StripeFake } from '../../stripe-fake/stripe-fake';
import { billingEnv, WEBHOOK, WEBHOOK_SECRET } from './billing-helpers';

/**
 * The fake as `npm run stripe:fake` runs it: its Checkout page completes the session and itself
 * delivers the signed webhooks to a listening Foyer, as the browser journey does.
 */
describe('billing: the Stripe fake on its own (Checkout page → signed webhooks)', () => {
  let testApp: TestApp;
  const stripe = new StripeFake();
  let foyerUrl: string;

  beforeAll(async () => {
    const stripeUrl = await stripe.start();
    testApp = await createTestApp(billingEnv({ STRIPE_API_URL: stripeUrl }));
    await testApp.app.listen(0, '127.0.0.1');
    foyerUrl = `http://127.0.0.1:${(testApp.server.address() as AddressInfo).port}`;
    stripe.deliverWebhooksTo(`${foyerUrl}${WEBHOOK}`, WEBHOOK_SECRET);
  });
  afterAll(async () => {
    await testApp?.close();
    await stripe.stop();
  });

  it('serves a Checkout page whose button subscribes the household and returns to the app', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const started = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/checkout`)
      .set(owner.auth)
      .send({ planId: 'family' })
      .expect(200);
    const page = await fetch(started.body.url as string);
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBeDefined();

    const completed = await fetch(new URL(action!, started.body.url as string), {
      method: 'POST',
      redirect: 'manual',
    });
    expect(completed.status).toBe(303);
    expect(completed.headers.get('location')).toMatch(
      new RegExp(
        `^http://foyer\\.test/households/${home.slug}/billing\\?billing=success&session_id=cs_test_`,
      ),
    );

    const deadline = Date.now() + 15_000;
    let body: { plan: { id: string }; status: string } | undefined;
    while (Date.now() < deadline) {
      body = (
        await request(testApp.server)
          .get(`/api/v1/households/${home.slug}/billing`)
          .set(owner.auth)
          .expect(200)
      ).body;
      if (body?.status === 'active') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body).toMatchObject({ plan: { id: 'family' }, status: 'active' });
  });
});
