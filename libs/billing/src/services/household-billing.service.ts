import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@foyer/accounts';
import { FoyerConfig, FoyerError } from '@foyer/core';
import { HouseholdAccess, HouseholdAccessService, HouseholdPermission } from '@foyer/households';
import { BillingErrorCode } from '../billing-error-code';
import { BillingOverviewResponse, InvoiceResponse } from '../dto/billing-overview-response.dto';
import { RedirectResponse } from '../dto/redirect-response.dto';
import { BillingEntitlementsService } from '../entitlements/billing-entitlements.service';
import { PlanCatalog } from '../plans/plan-catalog';
import { BillingAccount } from '../repositories/billing-account';
import { BillingAccountRepository } from '../repositories/billing-account.repository';
import { HouseholdBillingFactsRepository } from '../repositories/household-billing-facts.repository';
import { StripeGateway } from '../stripe/stripe-gateway';
import { toPlanResponse } from './plan-mapper';

const RECENT_INVOICES = 10;

function toInvoice(invoice: Stripe.Invoice): InvoiceResponse {
  return {
    id: invoice.id ?? '',
    number: invoice.number ?? null,
    status: invoice.status ?? null,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    createdAt: new Date(invoice.created * 1000).toISOString(),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
  };
}

/** A household's subscription as its members see and manage it (checkout, portal, overview). */
@Injectable()
export class HouseholdBillingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: FoyerConfig,
    private readonly access: HouseholdAccessService,
    private readonly catalog: PlanCatalog,
    private readonly accounts: BillingAccountRepository,
    private readonly facts: HouseholdBillingFactsRepository,
    private readonly entitlements: BillingEntitlementsService,
    private readonly stripe: StripeGateway,
  ) {}

  private assertEnabled(): void {
    if (!this.catalog.enabled) {
      throw new FoyerError(
        409,
        BillingErrorCode.BillingDisabled,
        'Billing is off on this instance',
      );
    }
  }

  private webAppUrl(access: HouseholdAccess, query = ''): string {
    return `${this.config.publicUrl}/households/${access.household.slug}/billing${query}`;
  }

  /** Owners only: a Stripe Checkout session (subscription mode) for a paid plan → its URL. */
  async checkout(user: AuthenticatedUser, hid: string, planId: string): Promise<RedirectResponse> {
    const access = await this.access.require(user.id, hid, HouseholdPermission.ManageBilling);
    this.assertEnabled();
    const plan = this.catalog.find(planId);
    if (!plan || plan.monthlyPrice === 0 || !plan.stripePriceId) {
      throw new FoyerError(
        400,
        BillingErrorCode.PlanNotPurchasable,
        `There is no plan "${planId}" to subscribe to`,
      );
    }
    const account = await this.ensureCustomer(access, user);
    const session = await this.stripe.createCheckoutSession({
      customerId: account.stripeCustomerId,
      householdId: access.household.id,
      priceId: plan.stripePriceId,
      successUrl: this.webAppUrl(access, '?billing=success&session_id={CHECKOUT_SESSION_ID}'),
      cancelUrl: this.webAppUrl(access, '?billing=canceled'),
    });
    if (!session.url) {
      throw new FoyerError(
        502,
        BillingErrorCode.ProviderUnavailable,
        'Stripe gave no checkout URL',
      );
    }
    return { url: session.url };
  }

  /** Owners only: a Billing Portal session for the household's customer → its URL. */
  async portal(user: AuthenticatedUser, hid: string): Promise<RedirectResponse> {
    const access = await this.access.require(user.id, hid, HouseholdPermission.ManageBilling);
    this.assertEnabled();
    const account = await this.accounts.findByHousehold(access.household.id);
    if (!account) {
      throw new FoyerError(
        409,
        BillingErrorCode.NoCustomer,
        'This household has never subscribed: choose a plan first',
      );
    }
    const session = await this.stripe.createPortalSession(
      account.stripeCustomerId,
      this.webAppUrl(access),
    );
    return { url: session.url };
  }

  /** Any member: plan, status, period, usage against quota, seats, recent invoices. */
  async overview(user: AuthenticatedUser, hid: string): Promise<BillingOverviewResponse> {
    const access = await this.access.require(user.id, hid, HouseholdPermission.View);
    const householdId = access.household.id;
    const { plan, account, usageBytes, readOnly } = await this.entitlements.of(householdId);
    const seatsUsed = await this.facts.seatsUsed(householdId);
    const invoices = account ? await this.recentInvoices(account.stripeCustomerId) : [];
    return {
      plan: toPlanResponse(plan),
      status: this.catalog.enabled ? (account?.subscriptionStatus ?? 'none') : 'self_hosted',
      currentPeriodEnd: account?.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
      graceEndsAt: account?.graceEndsAt?.toISOString() ?? null,
      readOnly,
      usage: {
        bytes: usageBytes,
        quotaBytes: plan.storageQuotaBytes,
        seatsUsed,
        seats: plan.seats,
      },
      invoices: invoices?.map(toInvoice) ?? null,
    };
  }

  /** From Stripe; null while Stripe cannot be reached (the rest of the overview is Foyer's own). */
  private async recentInvoices(customerId: string): Promise<Stripe.Invoice[] | null> {
    try {
      return await this.stripe.listInvoices(customerId, RECENT_INVOICES);
    } catch (error) {
      if (error instanceof FoyerError && error.code === BillingErrorCode.ProviderUnavailable) {
        return null;
      }
      throw error;
    }
  }

  /** The household's Stripe customer, created once (the household id in its metadata). */
  private ensureCustomer(
    access: HouseholdAccess,
    user: AuthenticatedUser,
  ): Promise<BillingAccount> {
    const householdId = access.household.id;
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.accounts.lockHouseholdForCustomer(householdId, manager);
      if (existing) return existing;
      const customer = await this.stripe.createCustomer(
        householdId,
        access.household.name,
        user.email,
      );
      await this.accounts.insert(householdId, customer.id, manager);
      const created = await this.accounts.findByHousehold(householdId, manager);
      if (!created) throw new Error('The billing account vanished inside its own transaction');
      return created;
    });
  }
}
