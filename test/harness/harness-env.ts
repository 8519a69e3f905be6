/**
 * What the global setup started, handed to the test files through the environment (jest starts
 * its workers after the global setup, so they inherit these).
 */
export interface HarnessEnvironment {
  runId: string;
  adminUrl: string;
  templateDatabase: string;
  ownerRole: string;
  appRole: string;
  redisUrl: string;
  s3Endpoint: string;
  smtpPort: number;
  /** The Stripe-compatible fake (test/stripe-fake): STRIPE_API_URL, and `/_fake/...` control. */
  stripeApiUrl: string;
  mailDirectory: string;
  artifactsDirectory: string;
}

const VARIABLE = 'FOYER_TEST_HARNESS';

export function publishHarness(environment: HarnessEnvironment): void {
  process.env[VARIABLE] = JSON.stringify(environment);
}

export function harness(): HarnessEnvironment {
  const value = process.env[VARIABLE];
  if (!value) throw new Error('The test harness is not running (jest globalSetup did not run)');
  return JSON.parse(value) as HarnessEnvironment;
}

export const POSTGRES_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = 'redis://127.0.0.1:6379';
export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';
