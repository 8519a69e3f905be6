import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { FoyerConfig, FoyerError } from '@foyer/core';
import { BillingErrorCode } from '../billing-error-code';

export interface CheckoutRequest {
  customerId: string;
  householdId: string;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
}

/**
 * The only code that talks to Stripe, through the official SDK (pointed at STRIPE_API_URL when
 * set, e.g. the test fake). Stripe's failures become 502 BILLING_PROVIDER_UNAVAILABLE.
 */
@Injectable()
export class StripeGateway {
  private readonly logger = new Logger(StripeGateway.name);
  private readonly client: Stripe | undefined;

  constructor(private readonly config: FoyerConfig) {
    const billing = config.billing;
    this.client = billing
      ? new Stripe(billing.secretKey, {
          ...(billing.api ?? {}),
          maxNetworkRetries: 2,
          timeout: 20_000,
          appInfo: { name: 'Foyer' },
        })
      : undefined;
  }

  private stripe(): Stripe {
    if (!this.client) {
      throw new FoyerError(
        409,
        BillingErrorCode.BillingDisabled,
        'Billing is off on this instance',
      );
    }
    return this.client;
  }

  private async call<T>(what: string, work: (stripe: Stripe) => Promise<T>): Promise<T> {
    const stripe = this.stripe();
    try {
      return await work(stripe);
    } catch (error) {
      this.logger.warn({ err: error }, `Stripe refused or failed: ${what}`);
      throw new FoyerError(
        502,
        BillingErrorCode.ProviderUnavailable,
        'The payment provider could not be reached; nothing was changed, try again shortly',
      );
    }
  }

  createCustomer(householdId: string, name: string, email: string): Promise<Stripe.Customer> {
    return this.call('create customer', (stripe) =>
      stripe.customers.create(
        { name, email, metadata: { householdId } },
        { idempotencyKey: `foyer-customer-${householdId}` },
      ),
    );
  }

  retrieveCustomer(customerId: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> {
    return this.call('retrieve customer', (stripe) => stripe.customers.retrieve(customerId));
  }

  createCheckoutSession(request: CheckoutRequest): Promise<Stripe.Checkout.Session> {
    return this.call('create checkout session', (stripe) =>
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: request.customerId,
        client_reference_id: request.householdId,
        metadata: { householdId: request.householdId },
        subscription_data: { metadata: { householdId: request.householdId } },
        line_items: [{ price: request.priceId, quantity: 1 }],
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      }),
    );
  }

  createPortalSession(
    customerId: string,
    returnUrl: string,
  ): Promise<Stripe.BillingPortal.Session> {
    return this.call('create portal session', (stripe) =>
      stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }),
    );
  }

  retrieveSubscription(subscriptionId: string): Promise<Stripe.Subscription> {
    return this.call('retrieve subscription', (stripe) =>
      stripe.subscriptions.retrieve(subscriptionId),
    );
  }

  async listInvoices(customerId: string, limit: number): Promise<Stripe.Invoice[]> {
    const page = await this.call('list invoices', (stripe) =>
      stripe.invoices.list({ customer: customerId, limit }),
    );
    return page.data;
  }

  /**
   * The verified event, or 400 when the signature is missing, forged, too old, or the body was
   * changed on the way. Verification needs only the webhook secret, not the API.
   */
  verifyEvent(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    const secret = this.config.billing?.webhookSecret;
    const stripe = this.stripe();
    if (!secret || !signature) {
      throw new FoyerError(
        400,
        BillingErrorCode.WebhookSignatureInvalid,
        'The webhook has no valid Stripe signature',
      );
    }
    try {
      return stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      throw new FoyerError(
        400,
        BillingErrorCode.WebhookSignatureInvalid,
        'The webhook has no valid Stripe signature',
      );
    }
  }
}
