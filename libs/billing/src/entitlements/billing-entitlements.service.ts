import { Injectable } from '@nestjs/common';
import { HouseholdUsageMeter } from '@foyer/households';
import { PlanCatalog } from '../plans/plan-catalog';
import { BillingAccount } from '../repositories/billing-account';
import { BillingAccountRepository } from '../repositories/billing-account.repository';
import { BillingReadOnlyReason, Entitlements } from './entitlements';

/** Subscription statuses in which the paid plan applies (past due: during the grace period). */
const PLAN_APPLIES = ['active', 'trialing', 'past_due', 'unpaid'];
const DUNNING = ['past_due', 'unpaid'];

/**
 * The one answer to "what may this household do now": its plan (the subscription's while it is
 * live, else the default plan), its quota and seats, and whether it is read-only and why.
 * Read-only is computed, never stored: PAYMENT_REQUIRED once the grace period after a failed
 * payment is over (a paid invoice lifts it at once), OVER_QUOTA while usage exceeds the quota
 * (lifted as soon as usage fits or the plan grows). Nothing is ever deleted because of it.
 */
@Injectable()
export class BillingEntitlementsService {
  constructor(
    private readonly catalog: PlanCatalog,
    private readonly accounts: BillingAccountRepository,
    private readonly usage: HouseholdUsageMeter,
  ) {}

  async of(householdId: string, now = new Date()): Promise<Entitlements> {
    if (!this.catalog.enabled) {
      return { plan: this.catalog.defaultPlan, account: null, usageBytes: 0, readOnly: null };
    }
    const account = await this.accounts.findByHousehold(householdId);
    const plan = this.catalog.resolve(this.effectivePlanId(account));
    const usageBytes = (await this.usage.bytesUsed([householdId])).get(householdId) ?? 0;
    return {
      plan,
      account,
      usageBytes,
      readOnly: this.readOnly(account, plan.storageQuotaBytes, usageBytes, now),
    };
  }

  private effectivePlanId(account: BillingAccount | null): string | null {
    if (!account?.subscriptionStatus || !PLAN_APPLIES.includes(account.subscriptionStatus)) {
      return null;
    }
    return account.planId;
  }

  private readOnly(
    account: BillingAccount | null,
    quota: number | null,
    usageBytes: number,
    now: Date,
  ): BillingReadOnlyReason | null {
    if (
      account?.subscriptionStatus &&
      DUNNING.includes(account.subscriptionStatus) &&
      account.graceEndsAt &&
      account.graceEndsAt.getTime() <= now.getTime()
    ) {
      return 'PAYMENT_REQUIRED';
    }
    if (quota !== null && usageBytes > quota) return 'OVER_QUOTA';
    return null;
  }
}
