import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { FoyerConfig } from '@foyer/core';
import { JobName, JobPayloads, JobQueue, OnJob } from '@foyer/jobs';
import { PlanCatalog } from '../plans/plan-catalog';
import { BillingAccount, SubscriptionState } from '../repositories/billing-account';
import { BillingAccountRepository } from '../repositories/billing-account.repository';
import { BillingEventRepository } from '../repositories/billing-event.repository';
import { StripeGateway } from '../stripe/stripe-gateway';

type Notice = JobPayloads[JobName.SendBillingNotice]['notice'];

interface References {
  customerId: string | null;
  subscriptionId: string | null;
  /** What the object claims (client_reference_id, metadata.householdId), to cross-check. */
  claimedHouseholdId: string | null;
}

interface Outcome {
  householdId: string | null;
  outcome: string;
  notice?: Notice;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ENDED = ['canceled', 'incomplete_expired'];
const DUNNING = ['past_due', 'unpaid'];

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function referencesOf(event: Stripe.Event): References | null {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      return {
        customerId: idOf(session.customer),
        subscriptionId: idOf(session.subscription),
        claimedHouseholdId: session.client_reference_id ?? session.metadata?.householdId ?? null,
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.trial_will_end': {
      const subscription = event.data.object;
      return {
        customerId: idOf(subscription.customer),
        subscriptionId: subscription.id,
        claimedHouseholdId: subscription.metadata?.householdId ?? null,
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      return {
        customerId: idOf(invoice.customer),
        subscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
        claimedHouseholdId: null,
      };
    }
    default:
      return null;
  }
}

/**
 * Applies a recorded Stripe event, once: the event row is locked and marked processed in the
 * same transaction as the change it makes, so a retried or replayed job finds nothing to do.
 *
 * Ordering rule (docs/decisions/0008-billing.md): an event never carries the
 * state to store. It only says which subscription to look at; the processor locks the household's
 * billing row, re-fetches that subscription from Stripe and stores what Stripe says now. So events
 * arriving late, twice or out of order all converge on Stripe's current state, and an older
 * snapshot can never overwrite a newer one. An event about a subscription that is not the
 * household's current one is applied only if it is live (a new subscription replaces an ended
 * one, never the reverse).
 */
@Injectable()
export class StripeEventProcessor {
  private readonly logger = new Logger(StripeEventProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: FoyerConfig,
    private readonly catalog: PlanCatalog,
    private readonly accounts: BillingAccountRepository,
    private readonly events: BillingEventRepository,
    private readonly stripe: StripeGateway,
    private readonly jobs: JobQueue,
  ) {}

  @OnJob(JobName.ProcessStripeEvent)
  async process(payload: JobPayloads[JobName.ProcessStripeEvent]): Promise<void> {
    const result = await this.dataSource.transaction(async (manager) => {
      const recorded = await this.events.lockUnprocessed(payload.eventId, manager);
      if (!recorded) return null;
      const outcome = await this.apply(recorded.payload as Stripe.Event, manager);
      await this.events.markProcessed(recorded.id, outcome.householdId, outcome.outcome, manager);
      return outcome;
    });
    if (result?.notice && result.householdId) {
      await this.jobs.enqueue(
        JobName.SendBillingNotice,
        { householdId: result.householdId, notice: result.notice },
        { deduplicationKey: `billing-notice:${payload.eventId}` },
      );
    }
  }

  private async apply(event: Stripe.Event, manager: EntityManager): Promise<Outcome> {
    const references = referencesOf(event);
    if (!references) return { householdId: null, outcome: 'ignored:type' };
    if (!references.customerId) return { householdId: null, outcome: 'ignored:no-customer' };
    const account = await this.accounts.lockByCustomer(references.customerId, manager);
    if (!account) {
      this.logger.warn(
        { eventId: event.id, customerId: references.customerId },
        'Stripe event for a customer no household has: ignored',
      );
      return { householdId: null, outcome: 'ignored:unknown-customer' };
    }
    const householdId = account.householdId;
    if (references.claimedHouseholdId && references.claimedHouseholdId !== householdId) {
      this.logger.warn(
        { eventId: event.id, householdId, claimed: references.claimedHouseholdId },
        'Stripe event names another household than its customer: ignored',
      );
      return { householdId, outcome: 'ignored:household-mismatch' };
    }
    if (!references.subscriptionId) return { householdId, outcome: 'ignored:no-subscription' };

    const subscription = await this.stripe.retrieveSubscription(references.subscriptionId);
    if (idOf(subscription.customer) !== account.stripeCustomerId) {
      return { householdId, outcome: 'ignored:subscription-of-another-customer' };
    }
    const current = account.stripeSubscriptionId;
    if (current && current !== subscription.id && ENDED.includes(subscription.status)) {
      return { householdId, outcome: 'ignored:stale-subscription' };
    }
    const state = this.stateOf(account, subscription, new Date());
    await this.accounts.saveState(householdId, state, manager);
    return {
      householdId,
      outcome: `synced:${state.subscriptionStatus}`,
      notice: this.noticeFor(event, state),
    };
  }

  private noticeFor(event: Stripe.Event, state: SubscriptionState): Notice | undefined {
    if (
      event.type === 'invoice.payment_failed' &&
      DUNNING.includes(state.subscriptionStatus ?? '')
    ) {
      return 'payment_failed';
    }
    if (event.type === 'customer.subscription.trial_will_end') return 'trial_will_end';
    return undefined;
  }

  /** What to store for the subscription as Stripe has it now. */
  private stateOf(
    account: BillingAccount,
    subscription: Stripe.Subscription,
    now: Date,
  ): SubscriptionState {
    if (ENDED.includes(subscription.status)) {
      // Canceled (at period end, or at once): back to the default plan; nothing is deleted.
      return {
        stripeSubscriptionId: null,
        planId: this.catalog.defaultPlan.id,
        subscriptionStatus: 'canceled',
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
        pastDueSince: null,
        graceEndsAt: null,
      };
    }
    const item = subscription.items.data[0];
    const plan = item ? this.catalog.byStripePrice(item.price.id) : undefined;
    const dunning = DUNNING.includes(subscription.status);
    const pastDueSince = dunning ? (account.pastDueSince ?? now) : null;
    const graceDays = this.config.billing?.graceDays ?? 0;
    return {
      stripeSubscriptionId: subscription.id,
      planId: plan?.id ?? account.planId,
      subscriptionStatus: subscription.status,
      currentPeriodEnd: item ? new Date(item.current_period_end * 1000) : null,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
      pastDueSince,
      graceEndsAt: pastDueSince
        ? account.graceEndsAt && account.pastDueSince
          ? account.graceEndsAt
          : new Date(pastDueSince.getTime() + graceDays * DAY_MS)
        : null,
    };
  }
}
