import { Module } from '@nestjs/common';
import { HouseholdsModule } from '@foyer/households';
import { BillingPolicyModule } from './billing-policy.module';
import { HouseholdBillingController } from './http/household-billing.controller';
import { PlansController } from './http/plans.controller';
import { StripeWebhookController } from './http/stripe-webhook.controller';
import { BillingNoticeJob } from './jobs/billing-notice.job';
import { BillingEventRepository } from './repositories/billing-event.repository';
import { HouseholdBillingFactsRepository } from './repositories/household-billing-facts.repository';
import { HouseholdBillingService } from './services/household-billing.service';
import { PlanService } from './services/plan.service';
import { StripeEventProcessor } from './services/stripe-event-processor';
import { StripeWebhookService } from './services/stripe-webhook.service';
import { StripeGateway } from './stripe/stripe-gateway';

/**
 * Billing: plans, Stripe Checkout and Billing Portal, the webhook and its processing job, dunning
 * notices, and (through BillingPolicyModule) the entitlements the households library asks.
 * Always loaded (its job handlers must exist); with billing off it only answers GET /plans.
 */
@Module({
  imports: [HouseholdsModule, BillingPolicyModule],
  controllers: [PlansController, HouseholdBillingController, StripeWebhookController],
  providers: [
    StripeGateway,
    BillingEventRepository,
    HouseholdBillingFactsRepository,
    PlanService,
    HouseholdBillingService,
    StripeWebhookService,
    StripeEventProcessor,
    BillingNoticeJob,
  ],
})
export class BillingModule {}
