import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { Plan, PlanId } from './plan';

const GIB = 1024 ** 3;
const TIB = 1024 ** 4;

/** The hosted plans, before prices are attached from the configuration. */
const HOSTED_PLANS: readonly Omit<Plan, 'stripePriceId'>[] = [
  {
    id: 'free',
    name: 'Free',
    monthlyPrice: 0,
    currency: 'eur',
    storageQuotaBytes: 5 * GIB,
    seats: 3,
  },
  {
    id: 'family',
    name: 'Family',
    monthlyPrice: 500,
    currency: 'eur',
    storageQuotaBytes: 200 * GIB,
    seats: 6,
  },
  {
    id: 'family_plus',
    name: 'Family Plus',
    monthlyPrice: 1200,
    currency: 'eur',
    storageQuotaBytes: 2 * TIB,
    seats: 10,
  },
];

const SELF_HOSTED: Plan = {
  id: 'self_hosted',
  name: 'Self-hosted',
  monthlyPrice: 0,
  currency: 'eur',
  storageQuotaBytes: null,
  seats: null,
  stripePriceId: undefined,
};

/**
 * The plans this instance offers, from the configuration: with billing on, the hosted plans with
 * their Stripe prices (`STRIPE_PRICE_<PLAN>`); with billing off, only `self_hosted` (no limits).
 */
@Injectable()
export class PlanCatalog {
  private readonly plans: readonly Plan[];

  constructor(private readonly config: FoyerConfig) {
    const billing = config.billing;
    this.plans = billing
      ? HOSTED_PLANS.map((plan) => ({ ...plan, stripePriceId: billing.prices[plan.id] }))
      : [SELF_HOSTED];
  }

  get enabled(): boolean {
    return this.config.billing !== undefined;
  }

  all(): readonly Plan[] {
    return this.plans;
  }

  /** The plan a household has without (or after) a subscription. */
  get defaultPlan(): Plan {
    return this.plans[0];
  }

  find(id: string): Plan | undefined {
    return this.plans.find((plan) => plan.id === id);
  }

  /** The plan a Stripe price stands for, if it is one of ours. */
  byStripePrice(priceId: string): Plan | undefined {
    return this.plans.find((plan) => plan.stripePriceId === priceId);
  }

  /** A known plan id, or the default plan (a stored id whose plan was removed). */
  resolve(id: PlanId | string | null | undefined): Plan {
    return (id ? this.find(id) : undefined) ?? this.defaultPlan;
  }
}
