import { loadConfig } from '@foyer/core';
import type { HouseholdUsageMeter } from '@foyer/households';
import { PlanCatalog } from '../plans/plan-catalog';
import type { BillingAccount } from '../repositories/billing-account';
import type { BillingAccountRepository } from '../repositories/billing-account.repository';
import { BillingEntitlementsService } from './billing-entitlements.service';

const GIB = 1024 ** 3;
const NOW = new Date('2026-11-25T12:00:00Z');

function account(changes: Partial<BillingAccount>): BillingAccount {
  return {
    householdId: 'h1',
    stripeCustomerId: 'cus_1',
    stripeSubscriptionId: 'sub_1',
    planId: 'family',
    subscriptionStatus: 'active',
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    graceEndsAt: null,
    ...changes,
  };
}

function service(row: BillingAccount | null, usedBytes = 0, billing = true) {
  const config = loadConfig({
    FOYER_DATA_DIR: '/tmp/foyer-entitlements-spec',
    ...(billing ? { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_PRICE_FAMILY: 'price_f' } : {}),
  });
  const accounts = { findByHousehold: jest.fn(async () => row) };
  const usage = { bytesUsed: jest.fn(async () => new Map([['h1', usedBytes]])) };
  return new BillingEntitlementsService(
    new PlanCatalog(config),
    accounts as unknown as BillingAccountRepository,
    usage as unknown as HouseholdUsageMeter,
  );
}

describe('BillingEntitlementsService', () => {
  it('billing off: self_hosted, no limits, never read-only', async () => {
    const answer = await service(null, 10_000 * GIB, false).of('h1', NOW);
    expect(answer).toMatchObject({ plan: { id: 'self_hosted' }, readOnly: null });
  });

  it('no subscription: the free plan', async () => {
    expect((await service(null).of('h1', NOW)).plan.id).toBe('free');
  });

  it('the paid plan applies while the subscription is live, not once it ended or never started', async () => {
    for (const [status, plan] of [
      ['active', 'family'],
      ['trialing', 'family'],
      ['past_due', 'family'],
      ['incomplete', 'free'],
      ['canceled', 'free'],
    ]) {
      const answer = await service(account({ subscriptionStatus: status })).of('h1', NOW);
      expect([status, answer.plan.id]).toEqual([status, plan]);
    }
  });

  it('past due: writable during the grace period, PAYMENT_REQUIRED after it', async () => {
    const during = account({
      subscriptionStatus: 'past_due',
      graceEndsAt: new Date(NOW.getTime() + 1000),
    });
    expect((await service(during).of('h1', NOW)).readOnly).toBeNull();
    const after = account({ subscriptionStatus: 'past_due', graceEndsAt: NOW });
    expect((await service(after).of('h1', NOW)).readOnly).toBe('PAYMENT_REQUIRED');
  });

  it('OVER_QUOTA while usage exceeds the plan quota', async () => {
    expect((await service(account({}), 201 * GIB).of('h1', NOW)).readOnly).toBe('OVER_QUOTA');
    expect((await service(account({}), 200 * GIB).of('h1', NOW)).readOnly).toBeNull();
    expect((await service(null, 6 * GIB).of('h1', NOW)).readOnly).toBe('OVER_QUOTA');
  });
});
