/** One household's Stripe customer and the subscription state Foyer last synced from Stripe. */
export interface BillingAccount {
  householdId: string;
  stripeCustomerId: string;
  stripeSubscriptionId: string | null;
  planId: string;
  /** Stripe's subscription status (active, past_due, ...), `canceled`, or null before any. */
  subscriptionStatus: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
  graceEndsAt: Date | null;
}

/** What a sync from Stripe writes. */
export type SubscriptionState = Omit<BillingAccount, 'householdId' | 'stripeCustomerId'>;
