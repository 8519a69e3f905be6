import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { field, FormObject, parseFormBody, record } from './form-body';

/**
 * A small Stripe-compatible API, covering exactly what Foyer calls through the official SDK:
 * customers (create, retrieve), checkout sessions (create), billing portal sessions (create),
 * subscriptions (retrieve) and invoices (list). Form-encoded requests, Stripe's JSON objects and
 * error shape. State lives in memory.
 *
 * Beside the API, a control surface under `/_fake/...` (JSON) lets tests move a subscription
 * through its life (complete a checkout, change price, fail or pay an invoice, cancel) and
 * answers the events Stripe would send, for the test to sign and deliver. A minimal Checkout page
 * (`/checkout/<id>`) completes a session in a browser and, when `webhookUrl` is set, delivers
 * the signed events itself (`npm run stripe:fake`).
 */

const DAY = 24 * 60 * 60;

export interface StripeFakeOptions {
  /** Where to deliver signed webhooks from the Checkout page; absent: not delivered. */
  webhookUrl?: string;
  webhookSecret?: string;
}

interface FakeSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  status: Stripe.Subscription.Status;
  cancel_at_period_end: boolean;
  created: number;
  metadata: Record<string, string>;
  items: {
    object: 'list';
    data: {
      id: string;
      object: 'subscription_item';
      price: { id: string; object: 'price' };
      quantity: number;
      current_period_start: number;
      current_period_end: number;
    }[];
  };
}

interface FakeInvoice {
  id: string;
  object: 'invoice';
  customer: string;
  number: string;
  status: 'open' | 'paid';
  amount_due: number;
  amount_paid: number;
  currency: string;
  created: number;
  hosted_invoice_url: string;
  parent: { type: 'subscription_details'; subscription_details: { subscription: string } };
}

interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  customer: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  subscription: string | null;
  status: 'open' | 'complete';
  url: string;
  success_url: string;
  cancel_url: string;
  price: string;
  subscription_metadata: Record<string, string>;
}

export interface FakeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: unknown };
}

const now = (): number => Math.floor(Date.now() / 1000);
const id = (prefix: string): string => `${prefix}_${randomBytes(8).toString('hex')}`;
const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

export class StripeFake {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly sessions = new Map<string, FakeCheckoutSession>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly invoices = new Map<string, FakeInvoice>();
  private server: Server | undefined;
  private baseUrl = '';
  private invoiceNumber = 0;
  private readonly signer = new Stripe('sk_test_fake_signer');

  constructor(private options: StripeFakeOptions = {}) {}

  /** Where the Checkout page delivers signed webhooks (e.g. once the app listens). */
  deliverWebhooksTo(webhookUrl: string, webhookSecret: string): void {
    this.options = { webhookUrl, webhookSecret };
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const type = error instanceof HttpError ? error.type : 'api_error';
        this.json(response, status, { error: { type, message: String((error as Error).message) } });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${address.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The Stripe-Signature header for a payload, as Stripe would compute it. */
  sign(payload: string, secret: string): string {
    return this.signer.webhooks.generateTestHeaderString({ payload, secret });
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private html(response: ServerResponse, body: string): void {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Stripe (fake)</title>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto">${body}</body></html>`);
  }

  private async body(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const parts = url.pathname.split('/').filter(Boolean);
    const method = request.method ?? 'GET';
    const text = await this.body(request);

    if (parts[0] === 'v1') {
      const authorization = request.headers.authorization ?? '';
      const basic = /^Basic (.+)$/.exec(authorization)?.[1];
      const key = basic
        ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0]
        : authorization.replace(/^Bearer /, '');
      if (!/^(sk|rk)_/.test(key)) {
        throw new HttpError(401, 'Invalid API Key provided', 'invalid_request_error');
      }
      const form = parseFormBody(method === 'GET' ? url.search.slice(1) : text);
      return this.json(response, 200, this.api(method, parts.slice(1), form));
    }
    if (parts[0] === '_fake') {
      const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      return this.json(response, 200, this.control(method, parts.slice(1), input));
    }
    if (parts[0] === 'checkout' && parts[1]) {
      const session = this.session(parts[1]);
      if (method === 'POST' && parts[2] === 'complete') {
        const events = this.completeCheckout(session.id);
        await this.deliver(events);
        response.writeHead(303, {
          Location: session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id),
        });
        return void response.end();
      }
      return this.html(
        response,
        `<h1>Checkout (test)</h1><p>Subscribe to <code>${session.price}</code>.</p>
<form method="post" action="/checkout/${session.id}/complete"><button type="submit">Pay and subscribe</button></form>
<p><a href="${session.cancel_url}">Cancel</a></p>`,
      );
    }
    if (parts[0] === 'portal' && parts[1]) {
      const returnUrl = url.searchParams.get('return_url') ?? '/';
      return this.html(
        response,
        `<h1>Billing portal (test)</h1><p><a href="${returnUrl}">Back to Foyer</a></p>`,
      );
    }
    throw new HttpError(404, `Unrecognized request URL (${method}: ${url.pathname})`);
  }

  /** The Stripe API subset. */
  private api(method: string, path: string[], form: FormObject): unknown {
    const joined = path.join('/');
    const named = /^(customers|subscriptions)\/[A-Za-z0-9_]+$/.test(joined)
      ? `${path[0]}/:id`
      : joined;
    const route = `${method} /${named}`;
    switch (route) {
      case 'POST /customers': {
        const customer = {
          id: id('cus'),
          object: 'customer',
          created: now(),
          email: field(form, 'email') ?? null,
          name: field(form, 'name') ?? null,
          metadata: record(form, 'metadata'),
          livemode: false,
        } as unknown as Stripe.Customer;
        this.customers.set(customer.id, customer);
        return customer;
      }
      case 'GET /customers/:id':
        return this.customer(path[1]);
      case 'POST /checkout/sessions': {
        const customer = field(form, 'customer') ?? null;
        if (customer) this.customer(customer);
        const price = field(form, 'line_items', '0', 'price');
        if (!price) throw new HttpError(400, 'Missing required param: line_items[0][price].');
        const sessionId = id('cs_test');
        const session: FakeCheckoutSession = {
          id: sessionId,
          object: 'checkout.session',
          mode: field(form, 'mode') ?? 'payment',
          customer,
          client_reference_id: field(form, 'client_reference_id') ?? null,
          metadata: record(form, 'metadata'),
          subscription: null,
          status: 'open',
          url: `${this.baseUrl}/checkout/${sessionId}`,
          success_url: field(form, 'success_url') ?? '',
          cancel_url: field(form, 'cancel_url') ?? '',
          price,
          subscription_metadata: record(
            typeof form.subscription_data === 'object' ? form.subscription_data : undefined,
            'metadata',
          ),
        };
        this.sessions.set(session.id, session);
        return session;
      }
      case 'POST /billing_portal/sessions': {
        const customer = this.customer(field(form, 'customer') ?? '');
        const portalId = id('bps');
        const returnUrl = field(form, 'return_url') ?? '';
        return {
          id: portalId,
          object: 'billing_portal.session',
          customer: customer.id,
          return_url: returnUrl,
          url: `${this.baseUrl}/portal/${portalId}?return_url=${encodeURIComponent(returnUrl)}`,
        };
      }
      case 'GET /subscriptions/:id':
        return this.subscription(path[1]);
      case 'GET /invoices': {
        const customer = field(form, 'customer');
        const limit = Number(field(form, 'limit') ?? 10);
        const data = [...this.invoices.values()]
          .filter((invoice) => !customer || invoice.customer === customer)
          .sort((a, b) => b.created - a.created || b.number.localeCompare(a.number))
          .slice(0, limit);
        return { object: 'list', data, has_more: false, url: '/v1/invoices' };
      }
      default:
        throw new HttpError(404, `Unrecognized request URL (${route})`);
    }
  }

  /** The control surface for tests: each answer lists the events Stripe would send, in order. */
  private control(method: string, path: string[], input: Record<string, unknown>): unknown {
    const [kind, target, action] = path;
    if (method === 'GET' && kind === 'customers') return [...this.customers.values()];
    if (method === 'GET' && kind === 'sessions' && target) return this.session(target);
    if (method !== 'POST') throw new HttpError(404, 'Unknown control request');
    if (kind === 'sessions' && action === 'complete')
      return { events: this.completeCheckout(target) };
    if (kind === 'subscriptions' && target) {
      switch (action) {
        case 'update':
          return { events: this.updateSubscription(target, input) };
        case 'payment_failed':
          return { events: this.failPayment(target) };
        case 'pay':
          return { events: this.payInvoice(target) };
        case 'delete':
          return { events: this.deleteSubscription(target) };
        case 'trial_will_end':
          return {
            events: [this.event('customer.subscription.trial_will_end', this.subscription(target))],
          };
      }
    }
    throw new HttpError(404, 'Unknown control request');
  }

  private customer(customerId: string): Stripe.Customer {
    const customer = this.customers.get(customerId);
    if (!customer) throw new HttpError(404, `No such customer: '${customerId}'`);
    return customer;
  }

  private session(sessionId: string): FakeCheckoutSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new HttpError(404, `No such checkout.session: '${sessionId}'`);
    return session;
  }

  private subscription(subscriptionId: string): FakeSubscription {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) throw new HttpError(404, `No such subscription: '${subscriptionId}'`);
    return subscription;
  }

  event(type: string, object: unknown): FakeEvent {
    return {
      id: id('evt'),
      object: 'event',
      type,
      created: now(),
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: snapshot(object) },
    };
  }

  private invoice(subscription: FakeSubscription, status: 'open' | 'paid'): FakeInvoice {
    const invoice: FakeInvoice = {
      id: id('in'),
      object: 'invoice',
      customer: subscription.customer,
      number: `FOYER-${String(++this.invoiceNumber).padStart(4, '0')}`,
      status,
      amount_due: 500,
      amount_paid: status === 'paid' ? 500 : 0,
      currency: 'eur',
      created: now(),
      hosted_invoice_url: `${this.baseUrl}/invoices/${this.invoiceNumber}`,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: subscription.id },
      },
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  completeCheckout(sessionId: string): FakeEvent[] {
    const session = this.session(sessionId);
    if (session.status === 'complete') throw new HttpError(400, 'This session is already complete');
    if (!session.customer)
      throw new HttpError(400, 'The fake completes sessions with a customer only');
    const start = now();
    const subscription: FakeSubscription = {
      id: id('sub'),
      object: 'subscription',
      customer: session.customer,
      status: 'active',
      cancel_at_period_end: false,
      created: start,
      metadata: session.subscription_metadata,
      items: {
        object: 'list',
        data: [
          {
            id: id('si'),
            object: 'subscription_item',
            price: { id: session.price, object: 'price' },
            quantity: 1,
            current_period_start: start,
            current_period_end: start + 30 * DAY,
          },
        ],
      },
    };
    this.subscriptions.set(subscription.id, subscription);
    session.status = 'complete';
    session.subscription = subscription.id;
    const invoice = this.invoice(subscription, 'paid');
    return [
      this.event('checkout.session.completed', session),
      this.event('customer.subscription.created', subscription),
      this.event('invoice.paid', invoice),
    ];
  }

  private updateSubscription(subscriptionId: string, input: Record<string, unknown>): FakeEvent[] {
    const subscription = this.subscription(subscriptionId);
    if (typeof input.price === 'string') subscription.items.data[0].price.id = input.price;
    if (typeof input.status === 'string')
      subscription.status = input.status as Stripe.Subscription.Status;
    if (typeof input.cancel_at_period_end === 'boolean') {
      subscription.cancel_at_period_end = input.cancel_at_period_end;
    }
    return [this.event('customer.subscription.updated', subscription)];
  }

  private failPayment(subscriptionId: string): FakeEvent[] {
    const subscription = this.subscription(subscriptionId);
    const invoice = this.invoice(subscription, 'open');
    subscription.status = 'past_due';
    return [
      this.event('invoice.payment_failed', invoice),
      this.event('customer.subscription.updated', subscription),
    ];
  }

  private payInvoice(subscriptionId: string): FakeEvent[] {
    const subscription = this.subscription(subscriptionId);
    const open = [...this.invoices.values()].find(
      (invoice) =>
        invoice.parent.subscription_details.subscription === subscriptionId &&
        invoice.status === 'open',
    );
    const invoice = open ?? this.invoice(subscription, 'paid');
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    subscription.status = 'active';
    return [
      this.event('invoice.paid', invoice),
      this.event('customer.subscription.updated', subscription),
    ];
  }

  private deleteSubscription(subscriptionId: string): FakeEvent[] {
    const subscription = this.subscription(subscriptionId);
    subscription.status = 'canceled';
    return [this.event('customer.subscription.deleted', subscription)];
  }

  /** Signs and posts events to the webhook URL, in order (the Checkout page's path). */
  async deliver(events: FakeEvent[]): Promise<void> {
    const { webhookUrl, webhookSecret } = this.options;
    if (!webhookUrl || !webhookSecret) return;
    for (const event of events) {
      const payload = JSON.stringify(event);
      await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Stripe-Signature': this.sign(payload, webhookSecret),
        },
        body: payload,
      }).catch(() => undefined);
    }
  }
}
