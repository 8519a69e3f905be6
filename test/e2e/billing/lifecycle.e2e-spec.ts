import request from 'supertest';
import { householdBucket, HouseholdUsageMeter } from '@foyer/households';
import { ObjectStorage } from '@foyer/storage';
import { ownerQuery } from '../../factories/owner-sql';
import { createHousehold } from '../../factories/household.factory';
import { createUser } from '../../factories/user.factory';
import { waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import { downloadExport, requestExport, waitForExport } from '../exports/export-helpers';
import { accept, invite, mailedToken } from '../households/membership-helpers';
import { billingEnv, deliver, fake } from './billing-helpers';

const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;

describe('billing: a household through its whole subscription life', () => {
  let testApp: TestApp;
  /** Bytes each household stores, as the files library's meter would report them. */
  const usage = new Map<string, number>();

  beforeAll(async () => {
    testApp = await createTestApp(billingEnv({ FOYER_BILLING_GRACE_DAYS: '14' }));
    const meter = testApp.app.get(HouseholdUsageMeter, { strict: false });
    jest
      .spyOn(meter, 'bytesUsed')
      .mockImplementation(
        async (ids: readonly string[]) => new Map(ids.map((id) => [id, usage.get(id) ?? 0])),
      );
  });
  afterAll(() => testApp?.close());

  it('checkout → active → upgrade → payment failed → grace → read-only → paid → canceled → free', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const overview = async () =>
      (
        await request(testApp.server)
          .get(`/api/v1/households/${home.slug}/billing`)
          .set(owner.auth)
          .expect(200)
      ).body;
    const rename = (name: string) =>
      request(testApp.server)
        .patch(`/api/v1/households/${home.slug}`)
        .set(owner.auth)
        .send({ name });
    const read = () =>
      request(testApp.server).get(`/api/v1/households/${home.slug}`).set(owner.auth);

    // Checkout → active on family.
    const started = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/checkout`)
      .set(owner.auth)
      .send({ planId: 'family' })
      .expect(200);
    const checkout = await fake(
      'POST',
      `sessions/${(started.body.url as string).split('/').pop()}/complete`,
    );
    await deliver(testApp, checkout.events);
    const subscriptionId = checkout.events[1].data.object.id as string;
    expect(await overview()).toMatchObject({
      plan: { id: 'family' },
      status: 'active',
      readOnly: null,
    });

    // Upgrade: applies at once.
    await deliver(
      testApp,
      (
        await fake('POST', `subscriptions/${subscriptionId}/update`, {
          price: 'price_family_plus_test',
        })
      ).events,
    );
    expect(await overview()).toMatchObject({
      plan: { id: 'family_plus', seats: 10 },
      usage: { quotaBytes: 2048 * GIB },
    });

    // Payment failed: past due, owners mailed, still writable during the grace period.
    await deliver(
      testApp,
      (await fake('POST', `subscriptions/${subscriptionId}/payment_failed`)).events,
    );
    const pastDue = await overview();
    expect(pastDue).toMatchObject({
      status: 'past_due',
      readOnly: null,
      plan: { id: 'family_plus' },
    });
    const graceEnds = new Date(pastDue.graceEndsAt).getTime();
    expect(graceEnds).toBeGreaterThan(Date.now() + 13.9 * DAY_MS);
    expect(graceEnds).toBeLessThan(Date.now() + 14.1 * DAY_MS);
    const mail = await waitForMail(owner.email, { subject: /Payment failed/ });
    expect(mail.text).toContain('export all your data');
    await rename('Still writable').expect(200);

    // The grace period ends: read-only (402 PAYMENT_REQUIRED on writes), reads go on.
    await ownerQuery(
      testApp.db,
      `UPDATE billing_accounts SET grace_ends_at = now() - interval '1 second' WHERE household_id = $1`,
      [home.id],
    );
    const refused = await rename('Not now').expect(402);
    expect(refused.body).toMatchObject({ statusCode: 402, code: 'PAYMENT_REQUIRED' });
    await read().expect(200);
    // Billing never holds the data back: the whole household exports while unpaid.
    await testApp.app.get(ObjectStorage).ensureBucket(householdBucket(home.id));
    const archive = await requestExport(testApp.server, owner, home.slug, 'household');
    expect((await waitForExport(testApp.server, owner, home.slug, archive.id)).status).toBe(
      'ready',
    );
    expect((await downloadExport(testApp.server, owner, home.slug, archive.id)).status).toBe(200);
    expect((await overview()).readOnly).toBe('PAYMENT_REQUIRED');
    const [{ name }] = await ownerQuery<{ name: string }>(
      testApp.db,
      'SELECT name FROM households WHERE id = $1',
      [home.id],
    );
    expect(name).toBe('Still writable');

    // Paid: writable again at once.
    await deliver(testApp, (await fake('POST', `subscriptions/${subscriptionId}/pay`)).events);
    expect(await overview()).toMatchObject({ status: 'active', readOnly: null, graceEndsAt: null });
    await rename('Paid up').expect(200);

    // Cancel at period end: still the paid plan until Stripe ends it.
    await deliver(
      testApp,
      (await fake('POST', `subscriptions/${subscriptionId}/update`, { cancel_at_period_end: true }))
        .events,
    );
    expect(await overview()).toMatchObject({
      plan: { id: 'family_plus' },
      cancelAtPeriodEnd: true,
    });

    // Period end: the subscription is deleted, the household falls back to free.
    await deliver(testApp, (await fake('POST', `subscriptions/${subscriptionId}/delete`)).events);
    const free = await overview();
    expect(free).toMatchObject({
      plan: { id: 'free', seats: 3 },
      status: 'canceled',
      cancelAtPeriodEnd: false,
      currentPeriodEnd: null,
      readOnly: null,
    });
    expect(free.invoices.length).toBeGreaterThanOrEqual(2);
    await rename('Free again').expect(200);
  });

  it('a downgrade below usage makes the household read-only (OVER_QUOTA), nothing deleted', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const rename = (name: string) =>
      request(testApp.server)
        .patch(`/api/v1/households/${home.slug}`)
        .set(owner.auth)
        .send({ name });
    const started = await request(testApp.server)
      .post(`/api/v1/households/${home.slug}/billing/checkout`)
      .set(owner.auth)
      .send({ planId: 'family_plus' })
      .expect(200);
    const checkout = await fake(
      'POST',
      `sessions/${(started.body.url as string).split('/').pop()}/complete`,
    );
    await deliver(testApp, checkout.events);
    const subscriptionId = checkout.events[1].data.object.id as string;
    usage.set(home.id, 300 * GIB);
    await rename('Big family').expect(200);
    const invitee = await createUser(testApp, { verified: true });
    await invite(testApp, owner, home.slug, { email: invitee.email, role: 'member' }).expect(201);
    const inviteToken = await mailedToken(invitee.email);

    // Down to family (200 GiB) with 300 GiB stored: read-only until it fits.
    await deliver(
      testApp,
      (await fake('POST', `subscriptions/${subscriptionId}/update`, { price: 'price_family_test' }))
        .events,
    );
    const refused = await rename('Too big').expect(409);
    expect(refused.body.code).toBe('OVER_QUOTA');
    // Nobody joins a read-only household either; the invite stays usable for later.
    const notNow = await accept(testApp, invitee, inviteToken).expect(409);
    expect(notNow.body.code).toBe('OVER_QUOTA');
    const overview = await request(testApp.server)
      .get(`/api/v1/households/${home.slug}/billing`)
      .set(owner.auth)
      .expect(200);
    expect(overview.body).toMatchObject({
      plan: { id: 'family' },
      readOnly: 'OVER_QUOTA',
      usage: { bytes: 300 * GIB, quotaBytes: 200 * GIB },
    });

    // Usage fits again: writable, without anything having been removed by billing.
    usage.set(home.id, 150 * GIB);
    await rename('Tidied up').expect(200);
    await accept(testApp, invitee, inviteToken).expect(200);

    // Canceled while above the free quota: read-only on free.
    await deliver(testApp, (await fake('POST', `subscriptions/${subscriptionId}/delete`)).events);
    expect((await rename('Over free').expect(409)).body.code).toBe('OVER_QUOTA');
  });
});
