import { StripeFake } from './stripe-fake';

/**
 * `npm run stripe:fake`: the fake on its own, for local development and the browser journey.
 * Point Foyer at it with STRIPE_API_URL=http://127.0.0.1:<port>; its Checkout page delivers
 * signed webhooks to FOYER_PUBLIC_URL with STRIPE_WEBHOOK_SECRET.
 */
async function main(): Promise<void> {
  const port = Number(process.env.STRIPE_FAKE_PORT ?? 12111);
  // Foyer's own default address (PORT 8080), so that the two started as they are work together.
  const publicUrl = (process.env.FOYER_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const fake = new StripeFake({
    webhookUrl: `${publicUrl}/api/v1/billing/stripe/webhook`,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_foyer_local',
  });
  const url = await fake.start(port);
  console.log(`Stripe fake on ${url}; webhooks to ${publicUrl}/api/v1/billing/stripe/webhook`);
  const stop = (): void => void fake.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
