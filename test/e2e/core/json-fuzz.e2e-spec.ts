import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { pimHousehold, pimUrl, PimFixture } from '../pim-rest/pim-rest-fixture';

/** Runs per route: enough to meet every kind of value below, bounded for CI. */
const RUNS = 40;
/** A request that takes longer has hung: no single request may hold the server that long. */
const REQUEST_BUDGET_MS = 5000;

/** Text that has broken parsers and databases: NUL, controls, lone surrogates, bidi, long. */
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff x',
    '\u202e\u200b\ufeff',
    '%00',
    '../../etc/passwd',
    '\r\nBcc: someone@example.com',
    'é'.normalize('NFD'),
    '💥'.repeat(50),
  ),
  fc.string({ minLength: 2000, maxLength: 5000 }),
);

/** Any JSON value, odd text included, nested a little. */
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    oddText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), oddText), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Nested arrays or objects, from shallow to far past any limit. */
const deep = fc.integer({ min: 1, max: 20000 }).chain((depth) =>
  fc.constantFrom('[', '{"a":').map((open) => {
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(depth)}1${close.repeat(depth)}`;
  }),
);

/**
 * A body for a route: a valid one with one field replaced by odd text (which reaches the service
 * and the database), the route's fields with any values, any JSON at all, or deep nesting.
 */
function bodyFor(valid: () => Record<string, unknown>): fc.Arbitrary<string> {
  const fields = Object.keys(valid());
  const nearlyValid = fc
    .tuple(fc.constantFrom(...fields), oddText)
    .map(([field, text]) => JSON.stringify({ ...valid(), [field]: text }));
  const shaped = fc
    .record(Object.fromEntries(fields.map((field) => [field, value])), { requiredKeys: [] })
    .map((body) => JSON.stringify(body));
  return fc.oneof(
    nearlyValid,
    shaped,
    value.map((body) => JSON.stringify(body) ?? 'null'),
    deep,
  );
}

interface Route {
  method: 'post' | 'put' | 'patch';
  path: () => string;
  /** A body the route accepts (fresh each call, where it must be unique). */
  valid: () => Record<string, unknown>;
  auth: boolean;
}

let serial = 0;
const fresh = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${serial++}`;

describe('fuzz: JSON bodies', () => {
  let testApp: TestApp;
  let pim: PimFixture;

  beforeAll(async () => {
    testApp = await createTestApp({ FOYER_SIGNUP_LIMIT_PER_IP: '100000' });
    pim = await pimHousehold(testApp, 'Fuzzed home');
  });
  afterAll(() => testApp?.close());

  const hid = () => pim.home.id;
  const hour = (h: number) =>
    `2026-03-0${1 + (h % 5)}T${String(8 + (h % 10)).padStart(2, '0')}:00:00Z`;
  const routes: [string, Route][] = [
    [
      'sign-up',
      {
        method: 'post',
        path: () => '/api/v1/auth/signup',
        valid: () => ({
          email: `${fresh('fuzz')}@example.com`,
          password: 'Hearth-fuzz-password-1',
          displayName: 'Fuzz',
        }),
        auth: false,
      },
    ],
    [
      'sign-in',
      {
        method: 'post',
        path: () => '/api/v1/auth/login',
        valid: () => ({ email: pim.owner.email, password: 'not the password' }),
        auth: false,
      },
    ],
    [
      'password reset',
      {
        method: 'post',
        path: () => '/api/v1/auth/password-reset',
        valid: () => ({ email: `${fresh('reset')}@example.com` }),
        auth: false,
      },
    ],
    [
      'email verification',
      {
        method: 'post',
        path: () => '/api/v1/auth/verify-email',
        valid: () => ({ token: fresh('token') }),
        auth: false,
      },
    ],
    [
      'household creation',
      {
        method: 'post',
        path: () => '/api/v1/households',
        valid: () => ({ name: fresh('Home') }),
        auth: true,
      },
    ],
    [
      'invite',
      {
        method: 'post',
        path: () => `/api/v1/households/${hid()}/invites`,
        valid: () => ({ email: `${fresh('guest')}@example.com`, role: 'member' }),
        auth: true,
      },
    ],
    [
      'invite acceptance',
      {
        method: 'post',
        path: () => '/api/v1/invites/accept',
        valid: () => ({ token: fresh('token') }),
        auth: true,
      },
    ],
    [
      'app password',
      {
        method: 'post',
        path: () => '/api/v1/me/app-passwords',
        valid: () => ({ label: fresh('Phone') }),
        auth: true,
      },
    ],
    [
      'folder',
      {
        method: 'post',
        path: () => pimUrl(hid(), '/files/folders'),
        valid: () => ({ path: `/${fresh('Folder')}` }),
        auth: true,
      },
    ],
    [
      'move',
      {
        method: 'post',
        path: () => pimUrl(hid(), '/files/move'),
        valid: () => ({ from: '/Documents', to: `/${fresh('Moved')}` }),
        auth: true,
      },
    ],
    [
      'contact',
      {
        method: 'post',
        path: () => pimUrl(hid(), `/addressbooks/${pim.familyBook}/contacts`),
        valid: () => ({
          fullName: fresh('Ada'),
          emails: [{ value: 'ada@example.com' }],
          notes: 'n',
        }),
        auth: true,
      },
    ],
    [
      'event',
      {
        method: 'post',
        path: () => pimUrl(hid(), `/calendars/${pim.familyCalendar}/events`),
        valid: () => ({
          summary: fresh('Tea'),
          start: hour(serial),
          end: hour(serial).replace(':00:00Z', ':30:00Z'),
          description: 'd',
          location: 'l',
        }),
        auth: true,
      },
    ],
    [
      'calendar',
      {
        method: 'post',
        path: () => pimUrl(hid(), '/calendars'),
        valid: () => ({ displayName: fresh('Calendar') }),
        auth: true,
      },
    ],
  ];

  it.each(routes)('%s answers 2xx or 4xx, in time, whatever the body', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(bodyFor(route.valid), async (body) => {
        const sent = request(testApp.server)
          [route.method](route.path())
          .set('Content-Type', 'application/json')
          .timeout(REQUEST_BUDGET_MS);
        if (route.auth) sent.set(pim.owner.auth);
        const response = await sent.send(body);
        if (response.status >= 500) {
          throw new Error(
            `${response.status} ${JSON.stringify(response.body)} for ${body.slice(0, 300)}`,
          );
        }
      }),
      { numRuns: RUNS },
    );
    await request(testApp.server).get('/health').timeout(REQUEST_BUDGET_MS).expect(200);
  });
});
