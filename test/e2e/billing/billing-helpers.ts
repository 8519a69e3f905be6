import Stripe from 'stripe';
import request from 'supertest';
import { ownerQuery } from '../../factories/owner-sql';
import { harness } from '../../harness/harness-env';
import type { TestApp } from '../../harness/test-app';

export const WEBHOOK_SECRET = 'whsec_foyer_test';
export const PRICE_FAMILY = 'price_family_test';
export const PRICE_FAMILY_PLUS = 'price_family_plus_test';
export const WEBHOOK = '/api/v1/billing/stripe/webhook';

/** Billing on, the real SDK pointed at the harness's Stripe fake. */
export function billingEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: 'sk_test_foyer',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: harness().stripeApiUrl,
    STRIPE_PRICE_FAMILY: PRICE_FAMILY,
    STRIPE_PRICE_FAMILY_PLUS: PRICE_FAMILY_PLUS,
    ...extra,
  };
}

export interface FakeEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

/** The fake's control surface: moves Stripe's state, answers the events Stripe would send. */
export async function fake<T = { events: FakeEvent[] }>(
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(`${harness().stripeApiUrl}/_fake/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`fake ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const signer = new Stripe('sk_test_signer');

export function signature(payload: string, secret = WEBHOOK_SECRET): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret });
}

/** Posts one event to the webhook as Stripe would (signed), and returns the response. */
export function post(testApp: TestApp, event: unknown, header?: string | null) {
  const payload = JSON.stringify(event);
  const call = request(testApp.server).post(WEBHOOK).set('Content-Type', 'application/json');
  if (header !== null) call.set('Stripe-Signature', header ?? signature(payload));
  return call.send(payload);
}

export type EventRow = {
  id: string;
  outcome: string | null;
  processed: boolean;
};

export async function eventRows(testApp: TestApp, ids?: string[]): Promise<EventRow[]> {
  const rows = await ownerQuery<EventRow>(
    testApp.db,
    `SELECT id, outcome, processed_at IS NOT NULL AS processed FROM billing_events
      ${ids ? 'WHERE id = ANY($1)' : ''} ORDER BY received_at, id`,
    ids ? [ids] : [],
  );
  return rows;
}

/** Waits until the events have been applied by the billing job; returns their rows. */
export async function processed(testApp: TestApp, events: FakeEvent[]): Promise<EventRow[]> {
  const ids = events.map((event) => event.id);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await eventRows(testApp, ids);
    if (rows.length === ids.length && rows.every((row) => row.processed)) return rows;
    if (Date.now() > deadline) throw new Error(`events not processed: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Delivers the events in order (each answered 200) and waits until all are applied. */
export async function deliver(testApp: TestApp, events: FakeEvent[]): Promise<EventRow[]> {
  for (const event of events) {
    const response = await post(testApp, event);
    if (response.status !== 200) {
      throw new Error(`webhook answered ${response.status} ${JSON.stringify(response.body)}`);
    }
  }
  return processed(testApp, events);
}

export async function billingRow(
  testApp: TestApp,
  householdId: string,
): Promise<Record<string, unknown> | undefined> {
  const [row] = await ownerQuery(
    testApp.db,
    'SELECT * FROM billing_accounts WHERE household_id = $1',
    [householdId],
  );
  return row;
}
