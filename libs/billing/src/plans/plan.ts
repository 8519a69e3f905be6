/** The plans of the hosted offering, plus `self_hosted` (billing off: no limits). */
export type PlanId = 'free' | 'family' | 'family_plus' | 'self_hosted';

export interface Plan {
  id: PlanId;
  name: string;
  /** Price per month in the currency's minor unit (cents); 0 for free plans. */
  monthlyPrice: number;
  currency: string;
  /** Null: no limit. */
  storageQuotaBytes: number | null;
  /** Members plus pending invites; null: no limit. */
  seats: number | null;
  /** The Stripe price id (`STRIPE_PRICE_<PLAN>`); absent for free plans and unconfigured ones. */
  stripePriceId: string | undefined;
}
