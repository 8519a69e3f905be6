import { Injectable } from '@nestjs/common';
import { FoyerError } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { BillingErrorCode } from '../billing-error-code';
import { PlanCatalog } from '../plans/plan-catalog';
import { BillingEventRepository } from '../repositories/billing-event.repository';
import { StripeGateway } from '../stripe/stripe-gateway';

/**
 * The webhook's fast path: verify the signature on the raw body, record the event by its id,
 * queue its processing on the `billing` queue, answer. A replay of an applied event does nothing;
 * a replay of one not applied yet queues it again (deduplicated), in case the first queueing failed.
 */
@Injectable()
export class StripeWebhookService {
  constructor(
    private readonly catalog: PlanCatalog,
    private readonly stripe: StripeGateway,
    private readonly events: BillingEventRepository,
    private readonly jobs: JobQueue,
  ) {}

  async receive(rawBody: unknown, signature: string | undefined): Promise<{ received: true }> {
    if (!this.catalog.enabled) {
      throw new FoyerError(
        404,
        BillingErrorCode.BillingDisabled,
        'Billing is off on this instance',
      );
    }
    if (!Buffer.isBuffer(rawBody)) {
      throw new FoyerError(
        400,
        BillingErrorCode.WebhookSignatureInvalid,
        'The webhook has no body to verify',
      );
    }
    const event = this.stripe.verifyEvent(rawBody, signature);
    const recorded = await this.events.record({ id: event.id, type: event.type, payload: event });
    if (recorded || !(await this.events.isProcessed(event.id))) {
      await this.jobs.enqueue(
        JobName.ProcessStripeEvent,
        { eventId: event.id },
        { deduplicationKey: `stripe-event:${event.id}` },
      );
    }
    return { received: true };
  }
}
