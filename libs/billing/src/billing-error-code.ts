/** Billing's refusals. Messages are for people; these codes are for programs. */
export enum BillingErrorCode {
  /** 409: billing is off on this instance (no STRIPE_SECRET_KEY): nothing to buy or manage. */
  BillingDisabled = 'BILLING_DISABLED',
  /** 400: the plan does not exist, is free, or has no Stripe price configured. */
  PlanNotPurchasable = 'BILLING_PLAN_NOT_PURCHASABLE',
  /** 409: the portal needs a Stripe customer, which the first checkout creates. */
  NoCustomer = 'BILLING_NO_CUSTOMER',
  /** 400: the webhook's Stripe-Signature header is missing, forged, or the body was altered. */
  WebhookSignatureInvalid = 'BILLING_WEBHOOK_SIGNATURE_INVALID',
  /** 502: Stripe could not be reached or refused the request; nothing was changed here. */
  ProviderUnavailable = 'BILLING_PROVIDER_UNAVAILABLE',
  /** 409 on writes: the household stores more than its plan allows (read-only until it fits). */
  OverQuota = 'OVER_QUOTA',
  /** 402 on writes: the grace period after a failed payment is over (read-only until paid). */
  PaymentRequired = 'PAYMENT_REQUIRED',
}
