import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createHousehold, TestHousehold } from '../../factories/household.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { mailFor, waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import {
  billingEnv,
  billingRow,
  deliver,
  eventRows,
  fake,
  FakeEvent,
  post,
  processed,
  signature,
  WEBHOOK,
} from './billing-helpers';

describe('billing: the Stripe webhook', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp(billingEnv());
  });
  afterAll(() => testApp?.close());

  interface Subscribed {
    home: TestHousehold;
    owner: TestUser;
    subscriptionId: string;
    customerId: string;
    /** The events of the completed checkout (already delivered when `deliverCheckout`). */
    checkoutEvents: FakeEvent[];
  }

  async function subscribed(deliverCheckout = true): Promise<Subscribed> {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const started = await request(testApp.server)
      .post(`/api/v1/households/${home.id}/billing/checkout`)
      .set(owner.auth)
      .send({ planId: 'family' })
      .expect(200);
    const session = (started.body.url as string).split('/').pop();
    const { events } = await fake('POST', `sessions/${session}/complete`);
    if (deliverCheckout) await deliver(testApp, events);
    const created = events.find((event) => event.type === 'customer.subscription.created')!;
    return {
      home,
      owner,
      checkoutEvents: events,
      subscriptionId: created.data.object.id as string,
      customerId: created.data.object.customer as string,
    };
  }

  const status = async (home: TestHousehold, owner: TestUser) =>
    (
      await request(testApp.server)
        .get(`/api/v1/households/${home.id}/billing`)
        .set(owner.auth)
        .expect(200)
    ).body as { plan: { id: string }; status: string; readOnly: string | null };

  describe('signatures', () => {
    it('refuses a missing signature with 400, recording nothing', async () => {
      const { checkoutEvents, home } = await subscribed(false);
      const before = await eventRows(testApp);
      const response = await post(testApp, checkoutEvents[0], null).expect(400);
      expect(response.body.code).toBe('BILLING_WEBHOOK_SIGNATURE_INVALID');
      expect(await eventRows(testApp)).toEqual(before);
      expect((await billingRow(testApp, home.id))?.stripe_subscription_id).toBeNull();
    });

    it('refuses a forged signature, a signature of other bytes and garbage (400)', async () => {
      const { checkoutEvents, home } = await subscribed(false);
      const before = await eventRows(testApp);
      const payload = JSON.stringify(checkoutEvents[1]);
      await post(testApp, checkoutEvents[1], signature(payload, 'whsec_someone_else')).expect(400);
      const tampered = { ...checkoutEvents[1], id: 'evt_tampered' };
      await post(testApp, tampered, signature(payload)).expect(400);
      await post(testApp, checkoutEvents[1], 't=1,v1=deadbeef').expect(400);
      await request(testApp.server)
        .post(WEBHOOK)
        .set('Stripe-Signature', signature(''))
        .expect(400);
      expect(await eventRows(testApp)).toEqual(before);
      expect((await billingRow(testApp, home.id))?.subscription_status).toBeNull();
    });

    it('takes a signed event whatever its content type (the raw bytes are verified)', async () => {
      const { checkoutEvents } = await subscribed(false);
      const payload = JSON.stringify(checkoutEvents[0]);
      await request(testApp.server)
        .post(WEBHOOK)
        .set('Content-Type', 'text/plain')
        .set('Stripe-Signature', signature(payload))
        .send(payload)
        .expect(200, { received: true });
      await processed(testApp, [checkoutEvents[0]]);
    });
  });

  describe('exactly once', () => {
    it('records each event once: a replay is answered 200 and changes nothing', async () => {
      const { home, owner, subscriptionId } = await subscribed();
      const failed = (await fake('POST', `subscriptions/${subscriptionId}/payment_failed`)).events;
      await deliver(testApp, failed);
      await waitForMail(owner.email, { subject: /Payment failed/ });
      await deliver(testApp, (await fake('POST', `subscriptions/${subscriptionId}/pay`)).events);
      expect((await status(home, owner)).status).toBe('active');
      // The failure again, twice: recorded already, so no effect, and no second mail.
      await post(testApp, failed[0]).expect(200);
      await post(testApp, failed[1]).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await status(home, owner)).status).toBe('active');
      const rows = await eventRows(
        testApp,
        failed.map((event) => event.id),
      );
      expect(rows).toHaveLength(2);
      const mails = (await mailFor(owner.email)).filter((mail) =>
        /Payment failed/.test(mail.subject),
      );
      expect(mails).toHaveLength(1);
    });
  });

  describe('notices', () => {
    it('mails the owners when a trial is about to end', async () => {
      const { owner, subscriptionId } = await subscribed();
      await deliver(
        testApp,
        (await fake('POST', `subscriptions/${subscriptionId}/trial_will_end`)).events,
      );
      const mail = await waitForMail(owner.email, { subject: /trial/ });
      expect(mail.text).toContain('trial');
    });
  });

  describe('ordering', () => {
    it('never lets an older event overwrite newer state (Stripe is asked for the current state)', async () => {
      const { home, owner, subscriptionId } = await subscribed();
      const failed = (await fake('POST', `subscriptions/${subscriptionId}/payment_failed`)).events;
      const paid = (await fake('POST', `subscriptions/${subscriptionId}/pay`)).events;
      // Delivered newest first: the stale past_due snapshot arrives last.
      await deliver(testApp, [...paid, ...failed]);
      const now = await status(home, owner);
      expect(now.status).toBe('active');
      expect((await billingRow(testApp, home.id))?.grace_ends_at).toBeNull();
    });

    it('applies a subscription update that arrives before the checkout it follows', async () => {
      const { home, owner, subscriptionId, checkoutEvents } = await subscribed(false);
      const upgraded = (
        await fake('POST', `subscriptions/${subscriptionId}/update`, {
          price: 'price_family_plus_test',
        })
      ).events;
      await deliver(testApp, [...upgraded, ...checkoutEvents.reverse()]);
      expect((await status(home, owner)).plan.id).toBe('family_plus');
    });
  });

  describe('events Foyer cannot place', () => {
    it('ignores (200, recorded, no change) an event for a customer no household has', async () => {
      const { home, owner, checkoutEvents } = await subscribed();
      const foreign = {
        ...checkoutEvents[1],
        id: `evt_foreign_${Date.now()}`,
        data: {
          object: { ...checkoutEvents[1].data.object, customer: 'cus_nobody', status: 'canceled' },
        },
      };
      const [row] = await deliver(testApp, [foreign]);
      expect(row.outcome).toBe('ignored:unknown-customer');
      expect((await status(home, owner)).status).toBe('active');
    });

    it('ignores a checkout that names another (or no existing) household than its customer', async () => {
      const { home, owner, checkoutEvents } = await subscribed(false);
      const session = checkoutEvents[0];
      const elsewhere = {
        ...session,
        id: `evt_elsewhere_${Date.now()}`,
        data: { object: { ...session.data.object, client_reference_id: randomUUID() } },
      };
      const [row] = await deliver(testApp, [elsewhere]);
      expect(row.outcome).toBe('ignored:household-mismatch');
      expect((await status(home, owner)).status).toBe('none');
    });

    it('records event types it does not handle, without effect', async () => {
      const { checkoutEvents } = await subscribed(false);
      const other = {
        ...checkoutEvents[0],
        id: `evt_other_${Date.now()}`,
        type: 'customer.updated',
      };
      const [row] = await deliver(testApp, [other]);
      expect(row.outcome).toBe('ignored:type');
    });
  });
});
