import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export type SignupPolicy = 'open' | 'invite' | 'closed';
export const SIGNUP_POLICIES: readonly SignupPolicy[] = ['open', 'invite', 'closed'];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const URL_OPTIONS = { require_tld: false, require_protocol: true };

/**
 * The raw environment, validated. Each property is one environment variable, documented in the
 * README table; `FoyerConfig` derives the typed, mode-aware view the rest of the code reads.
 */
export class EnvironmentVariables {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @IsOptional()
  @IsString()
  FOYER_DATA_DIR = './data';

  @IsOptional()
  @IsUrl(URL_OPTIONS)
  FOYER_PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^[a-z0-9.-]+(:\d+)?$/i, { message: 'FOYER_BASE_DOMAIN must be a host name' })
  FOYER_BASE_DOMAIN?: string;

  @IsOptional()
  @Matches(/^([A-Za-z0-9+/]{43}=|[0-9a-f]{64})$/, {
    message: 'FOYER_MASTER_KEY must be 32 bytes, base64 (44 characters) or hex (64 characters)',
  })
  FOYER_MASTER_KEY?: string;

  /** A file holding the master key (a mounted secret), instead of FOYER_MASTER_KEY. */
  @IsOptional()
  @IsString()
  FOYER_MASTER_KEY_FILE?: string;

  /** Master keys being rotated away, comma-separated: they still unwrap, never wrap. */
  @IsOptional()
  @Matches(/^([A-Za-z0-9+/]{43}=|[0-9a-f]{64})(,([A-Za-z0-9+/]{43}=|[0-9a-f]{64}))*$/, {
    message: 'FOYER_PREVIOUS_MASTER_KEYS must be 32-byte keys, base64 or hex, separated by commas',
  })
  FOYER_PREVIOUS_MASTER_KEYS?: string;

  @IsOptional()
  @IsIn(SIGNUP_POLICIES)
  FOYER_SIGNUP?: SignupPolicy;

  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] })
  DATABASE_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.DATABASE_URL !== undefined)
  @IsUrl(
    { ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] },
    { message: 'DATABASE_APP_URL is required with DATABASE_URL and must be a postgres:// URL' },
  )
  DATABASE_APP_URL?: string;

  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['redis', 'rediss'] })
  REDIS_URL?: string;

  /**
   * A simple word, or one in braces (`{foyer}`): a Redis Cluster hash tag, which puts every key of
   * every queue in one slot, as Bull's multi-key scripts need on a cluster.
   */
  @IsOptional()
  @Matches(/^(\{[a-z0-9_-]+\}|[a-z0-9_-]+)$/i, {
    message:
      'FOYER_QUEUE_PREFIX must be a simple word, or one in braces ({foyer}) for Redis Cluster',
  })
  FOYER_QUEUE_PREFIX = 'foyer';

  /**
   * Where `foyer worker` touches a file every few seconds while its event loop runs, for a
   * liveness probe that checks the file's age (the worker serves no HTTP). Unset: no file.
   */
  @IsOptional()
  @IsString()
  FOYER_WORKER_HEARTBEAT_FILE?: string;

  @IsOptional()
  @IsString()
  S3_ENDPOINT?: string;

  @ValidateIf((env: EnvironmentVariables) => env.S3_ENDPOINT !== undefined)
  @IsString({ message: 'S3_ACCESS_KEY is required with S3_ENDPOINT' })
  S3_ACCESS_KEY?: string;

  @ValidateIf((env: EnvironmentVariables) => env.S3_ENDPOINT !== undefined)
  @IsString({ message: 'S3_SECRET_KEY is required with S3_ENDPOINT' })
  S3_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  S3_REGION = 'us-east-1';

  @IsOptional()
  @Matches(/^(true|false|1|0)$/, { message: 'S3_USE_SSL must be true or false' })
  S3_USE_SSL?: string;

  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['smtp', 'smtps'] })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  FOYER_MAIL_FROM = 'Foyer <no-reply@foyer.localhost>';

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @Matches(/^(true|false|1|0)$/, { message: 'FOYER_TRUST_PROXY must be true or false' })
  FOYER_TRUST_PROXY?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  FOYER_SESSION_TTL_DAYS = 30;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOYER_LOGIN_LIMIT_PER_IP = 30;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOYER_LOGIN_LIMIT_PER_ACCOUNT = 10;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOYER_LOGIN_LIMIT_WINDOW_SECONDS = 900;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOYER_SIGNUP_LIMIT_PER_IP = 20;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FOYER_SIGNUP_LIMIT_WINDOW_SECONDS = 3600;

  @IsOptional()
  @Matches(/^\d+(kb|mb)$/i, { message: 'FOYER_BODY_LIMIT must look like 1mb or 512kb' })
  FOYER_BODY_LIMIT = '1mb';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  FOYER_DELETION_GRACE_DAYS = 30;

  /** Days a household archive stays downloadable before the expiry sweep deletes it. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  FOYER_EXPORT_TTL_DAYS = 7;

  /** Billing is on when this is set (either mode); off, every household is unlimited. */
  @IsOptional()
  @Matches(/^(sk|rk)_[A-Za-z0-9_]+$/, {
    message: 'STRIPE_SECRET_KEY must look like sk_live_… or sk_test_…',
  })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9_]+$/, { message: 'STRIPE_WEBHOOK_SECRET must look like whsec_…' })
  STRIPE_WEBHOOK_SECRET?: string;

  /** Where the Stripe API is (the test fake, or a proxy); Stripe's own by default. */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'STRIPE_API_URL must be an http(s) URL' },
  )
  STRIPE_API_URL?: string;

  @IsOptional()
  @Matches(/^price_[A-Za-z0-9_]+$/, { message: 'STRIPE_PRICE_FAMILY must look like price_…' })
  STRIPE_PRICE_FAMILY?: string;

  @IsOptional()
  @Matches(/^price_[A-Za-z0-9_]+$/, { message: 'STRIPE_PRICE_FAMILY_PLUS must look like price_…' })
  STRIPE_PRICE_FAMILY_PLUS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  FOYER_BILLING_GRACE_DAYS = 14;
}

/** Every variable Foyer reads; anything else in the environment is ignored. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly (keyof EnvironmentVariables)[] = [
  'PORT',
  'FOYER_DATA_DIR',
  'FOYER_PUBLIC_URL',
  'FOYER_BASE_DOMAIN',
  'FOYER_MASTER_KEY',
  'FOYER_MASTER_KEY_FILE',
  'FOYER_PREVIOUS_MASTER_KEYS',
  'FOYER_SIGNUP',
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'REDIS_URL',
  'FOYER_QUEUE_PREFIX',
  'FOYER_WORKER_HEARTBEAT_FILE',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_REGION',
  'S3_USE_SSL',
  'SMTP_URL',
  'FOYER_MAIL_FROM',
  'LOG_LEVEL',
  'FOYER_TRUST_PROXY',
  'FOYER_SESSION_TTL_DAYS',
  'FOYER_LOGIN_LIMIT_PER_IP',
  'FOYER_LOGIN_LIMIT_PER_ACCOUNT',
  'FOYER_LOGIN_LIMIT_WINDOW_SECONDS',
  'FOYER_SIGNUP_LIMIT_PER_IP',
  'FOYER_SIGNUP_LIMIT_WINDOW_SECONDS',
  'FOYER_BODY_LIMIT',
  'FOYER_DELETION_GRACE_DAYS',
  'FOYER_EXPORT_TTL_DAYS',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_URL',
  'STRIPE_PRICE_FAMILY',
  'STRIPE_PRICE_FAMILY_PLUS',
  'FOYER_BILLING_GRACE_DAYS',
];
