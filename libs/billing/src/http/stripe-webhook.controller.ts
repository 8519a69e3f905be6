import { Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@foyer/core';
import { StripeWebhookService } from '../services/stripe-webhook.service';

/** Where the raw body is kept for this route (the api parses no JSON here). */
export const STRIPE_WEBHOOK_PATH = '/api/v1/billing/stripe/webhook';

@ApiExcludeController()
@Controller()
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  /** Stripe's calls (public; the signature is the authentication). Answers before the work. */
  @Post(STRIPE_WEBHOOK_PATH.slice(1))
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiBadRequestResponse({ description: 'BILLING_WEBHOOK_SIGNATURE_INVALID' })
  receive(
    @Req() request: Request,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<{ received: true }> {
    return this.webhooks.receive(request.body, signature);
  }
}
