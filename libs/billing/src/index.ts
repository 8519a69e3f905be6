export { BillingModule } from './billing.module';
export { BillingErrorCode } from './billing-error-code';
export { STRIPE_WEBHOOK_PATH } from './http/stripe-webhook.controller';
