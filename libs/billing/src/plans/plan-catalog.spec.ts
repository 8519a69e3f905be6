import { loadConfig } from '@foyer/core';
import { PlanCatalog } from './plan-catalog';

const base = { FOYER_DATA_DIR: '/tmp/foyer-plan-catalog-spec' };

describe('PlanCatalog', () => {
  it('offers only self_hosted, without limits, when billing is off', () => {
    const catalog = new PlanCatalog(loadConfig(base));
    expect(catalog.enabled).toBe(false);
    expect(catalog.all().map((plan) => plan.id)).toEqual(['self_hosted']);
    expect(catalog.defaultPlan).toMatchObject({ storageQuotaBytes: null, seats: null });
  });

  it('offers free, family and family_plus with their Stripe prices when billing is on', () => {
    const catalog = new PlanCatalog(
      loadConfig({
        ...base,
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_PRICE_FAMILY: 'price_f',
        STRIPE_PRICE_FAMILY_PLUS: 'price_fp',
      }),
    );
    expect(catalog.all().map((plan) => [plan.id, plan.seats, plan.stripePriceId])).toEqual([
      ['free', 3, undefined],
      ['family', 6, 'price_f'],
      ['family_plus', 10, 'price_fp'],
    ]);
    expect(catalog.find('family')?.storageQuotaBytes).toBe(200 * 1024 ** 3);
    expect(catalog.byStripePrice('price_fp')?.id).toBe('family_plus');
    expect(catalog.resolve('gone')).toBe(catalog.defaultPlan);
    expect(catalog.resolve(null).id).toBe('free');
  });

  it('rejects malformed Stripe settings at boot', () => {
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: 'nope' })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => loadConfig({ ...base, STRIPE_PRICE_FAMILY: 'family' })).toThrow(
      /STRIPE_PRICE_FAMILY/,
    );
    expect(() => loadConfig({ ...base, STRIPE_API_URL: 'not a url' })).toThrow(/STRIPE_API_URL/);
  });

  it('splits STRIPE_API_URL into the SDK host, port and protocol', () => {
    const config = loadConfig({
      ...base,
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
    });
    expect(config.billing?.api).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(config.billing?.graceDays).toBe(14);
  });
});
