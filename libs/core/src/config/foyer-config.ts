import * as path from 'node:path';
import { EnvironmentVariables, LogLevel, SignupPolicy } from './environment-variables';

export type DatabaseSettings =
  { kind: 'embedded'; directory: string } | { kind: 'external'; ownerUrl: string; appUrl: string };
export type QueueSettings =
  { kind: 'in-process' } | { kind: 'bull'; redisUrl: string; prefix: string };
export type StorageSettings =
  | { kind: 'disk'; directory: string }
  | {
      kind: 's3';
      endPoint: string;
      port: number | undefined;
      useSSL: boolean;
      accessKey: string;
      secretKey: string;
      region: string;
    };
/** Billing with Stripe; absent when STRIPE_SECRET_KEY is not set (every household unlimited). */
export interface BillingSettings {
  secretKey: string;
  /** Absent: webhooks are refused (nothing can be verified). */
  webhookSecret: string | undefined;
  /** The Stripe API's address, split for the SDK's host/port/protocol options; absent: Stripe's. */
  api: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
  /** Stripe price ids by paid plan id (`STRIPE_PRICE_<PLAN>`); a plan without one cannot be bought. */
  prices: Readonly<Record<string, string | undefined>>;
  /** Days a household whose payment failed stays writable (past due) before it turns read-only. */
  graceDays: number;
}

function parseStripeApiUrl(value: string | undefined): BillingSettings['api'] {
  if (!value) return undefined;
  const url = new URL(value);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

export type MailSettings =
  { kind: 'outbox'; directory: string; from: string } | { kind: 'smtp'; url: string; from: string };

const truthy = (value: string | undefined): boolean => value === 'true' || value === '1';

function parseS3Endpoint(endpoint: string, useSslVariable: string | undefined) {
  const hasScheme = /^https?:\/\//i.test(endpoint);
  const url = new URL(hasScheme ? endpoint : `http://${endpoint}`);
  const useSSL = useSslVariable !== undefined ? truthy(useSslVariable) : url.protocol === 'https:';
  return { endPoint: url.hostname, port: url.port ? Number(url.port) : undefined, useSSL };
}

/**
 * The validated configuration, shaped by concern. Each driver is chosen on its own: setting
 * DATABASE_URL, REDIS_URL, S3_ENDPOINT or SMTP_URL swaps that one part to its hosted driver.
 */
export class FoyerConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly baseDomain: string | undefined;
  readonly masterKey: string | undefined;
  /** FOYER_MASTER_KEY_FILE, resolved: where the master key is read from, when it is a file. */
  readonly masterKeyFile: string | undefined;
  /** FOYER_PREVIOUS_MASTER_KEYS: old master keys that still unwrap during a rotation. */
  readonly previousMasterKeys: readonly string[];
  readonly signupPolicy: SignupPolicy;
  readonly database: DatabaseSettings;
  readonly queue: QueueSettings;
  /** The worker's liveness file (FOYER_WORKER_HEARTBEAT_FILE), or undefined for none. */
  readonly workerHeartbeatFile: string | undefined;
  readonly storage: StorageSettings;
  readonly mail: MailSettings;
  readonly logLevel: LogLevel;
  readonly trustProxy: boolean;
  readonly bodyLimit: string;
  readonly sessionTtlDays: number;
  readonly loginLimits: { perIp: number; perAccount: number; windowSeconds: number };
  /** Sign-up attempts per client IP and window (counted whatever the outcome). */
  readonly signupLimits: { perIp: number; windowSeconds: number };
  /** Days a household stays pending deletion (read-only, cancellable) before it is purged. */
  readonly deletionGraceDays: number;
  /** Days a household archive stays downloadable before it is deleted. */
  readonly exportTtlDays: number;
  /** Undefined: billing is off (self-hosting default), every household has no limits. */
  readonly billing: BillingSettings | undefined;

  constructor(env: EnvironmentVariables) {
    this.port = env.PORT;
    this.dataDir = path.resolve(env.FOYER_DATA_DIR);
    this.publicUrl = (env.FOYER_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.baseDomain = env.FOYER_BASE_DOMAIN;
    this.masterKey = env.FOYER_MASTER_KEY;
    this.masterKeyFile = env.FOYER_MASTER_KEY_FILE
      ? path.resolve(env.FOYER_MASTER_KEY_FILE)
      : undefined;
    this.previousMasterKeys = env.FOYER_PREVIOUS_MASTER_KEYS?.split(',') ?? [];
    this.database =
      env.DATABASE_URL && env.DATABASE_APP_URL
        ? { kind: 'external', ownerUrl: env.DATABASE_URL, appUrl: env.DATABASE_APP_URL }
        : { kind: 'embedded', directory: path.join(this.dataDir, 'postgres') };
    this.signupPolicy = env.FOYER_SIGNUP ?? (this.database.kind === 'embedded' ? 'invite' : 'open');
    this.queue = env.REDIS_URL
      ? { kind: 'bull', redisUrl: env.REDIS_URL, prefix: env.FOYER_QUEUE_PREFIX }
      : { kind: 'in-process' };
    this.workerHeartbeatFile = env.FOYER_WORKER_HEARTBEAT_FILE
      ? path.resolve(env.FOYER_WORKER_HEARTBEAT_FILE)
      : undefined;
    this.storage =
      env.S3_ENDPOINT && env.S3_ACCESS_KEY && env.S3_SECRET_KEY
        ? {
            kind: 's3',
            ...parseS3Endpoint(env.S3_ENDPOINT, env.S3_USE_SSL),
            accessKey: env.S3_ACCESS_KEY,
            secretKey: env.S3_SECRET_KEY,
            region: env.S3_REGION,
          }
        : { kind: 'disk', directory: path.join(this.dataDir, 'objects') };
    this.mail = env.SMTP_URL
      ? { kind: 'smtp', url: env.SMTP_URL, from: env.FOYER_MAIL_FROM }
      : { kind: 'outbox', directory: path.join(this.dataDir, 'outbox'), from: env.FOYER_MAIL_FROM };
    this.logLevel = env.LOG_LEVEL;
    this.trustProxy = truthy(env.FOYER_TRUST_PROXY);
    this.bodyLimit = env.FOYER_BODY_LIMIT;
    this.sessionTtlDays = env.FOYER_SESSION_TTL_DAYS;
    this.loginLimits = {
      perIp: env.FOYER_LOGIN_LIMIT_PER_IP,
      perAccount: env.FOYER_LOGIN_LIMIT_PER_ACCOUNT,
      windowSeconds: env.FOYER_LOGIN_LIMIT_WINDOW_SECONDS,
    };
    this.signupLimits = {
      perIp: env.FOYER_SIGNUP_LIMIT_PER_IP,
      windowSeconds: env.FOYER_SIGNUP_LIMIT_WINDOW_SECONDS,
    };
    this.deletionGraceDays = env.FOYER_DELETION_GRACE_DAYS;
    this.exportTtlDays = env.FOYER_EXPORT_TTL_DAYS;
    this.billing = env.STRIPE_SECRET_KEY
      ? {
          secretKey: env.STRIPE_SECRET_KEY,
          webhookSecret: env.STRIPE_WEBHOOK_SECRET,
          api: parseStripeApiUrl(env.STRIPE_API_URL),
          prices: { family: env.STRIPE_PRICE_FAMILY, family_plus: env.STRIPE_PRICE_FAMILY_PLUS },
          graceDays: env.FOYER_BILLING_GRACE_DAYS,
        }
      : undefined;
  }

  /** Embedded default: the app runs its own jobs; hosted: a separate worker process does. */
  get runsJobsInProcess(): boolean {
    return this.queue.kind === 'in-process';
  }

  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https://');
  }
}
