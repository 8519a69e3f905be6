import type { Plan } from '../plans/plan';
import type { BillingAccount } from '../repositories/billing-account';

/** Why a household is read-only because of billing (reads and export always go on). */
export type BillingReadOnlyReason = 'OVER_QUOTA' | 'PAYMENT_REQUIRED';

/** What a household may do now. */
export interface Entitlements {
  plan: Plan;
  account: BillingAccount | null;
  /** Bytes stored now (0 until the files library meters usage). */
  usageBytes: number;
  readOnly: BillingReadOnlyReason | null;
}
