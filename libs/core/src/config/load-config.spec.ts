import * as path from 'node:path';
import { ConfigurationError, loadConfig } from './load-config';

const HOSTED = {
  DATABASE_URL: 'postgresql://owner@db:5432/foyer',
  DATABASE_APP_URL: 'postgresql://app@db:5432/foyer',
  FOYER_MASTER_KEY: 'a'.repeat(64),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig', () => {
  it('defaults to the embedded mode with nothing set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.database).toEqual({
      kind: 'embedded',
      directory: path.resolve('data', 'postgres'),
    });
    expect(config.queue).toEqual({ kind: 'in-process' });
    expect(config.storage).toEqual({ kind: 'disk', directory: path.resolve('data', 'objects') });
    expect(config.mail.kind).toBe('outbox');
    expect(config.signupPolicy).toBe('invite');
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.runsJobsInProcess).toBe(true);
    expect(config.secureCookies).toBe(false);
  });

  it('switches each part to its hosted driver independently', () => {
    const config = loadConfig({
      ...HOSTED,
      REDIS_URL: 'redis://cache:6379',
      S3_ENDPOINT: 'https://minio.internal:9000',
      S3_ACCESS_KEY: 'key',
      S3_SECRET_KEY: 'secret',
      SMTP_URL: 'smtp://mail:25',
      FOYER_PUBLIC_URL: 'https://foyer.example/',
      PORT: '3000',
    });
    expect(config.database).toEqual({
      kind: 'external',
      ownerUrl: HOSTED.DATABASE_URL,
      appUrl: HOSTED.DATABASE_APP_URL,
    });
    expect(config.queue).toEqual({ kind: 'bull', redisUrl: 'redis://cache:6379', prefix: 'foyer' });
    expect(config.storage).toMatchObject({
      kind: 's3',
      endPoint: 'minio.internal',
      port: 9000,
      useSSL: true,
    });
    expect(config.mail).toMatchObject({ kind: 'smtp', url: 'smtp://mail:25' });
    expect(config.signupPolicy).toBe('open');
    expect(config.publicUrl).toBe('https://foyer.example');
    expect(config.secureCookies).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.runsJobsInProcess).toBe(false);
  });

  it('lets S3_USE_SSL decide for an endpoint given without a scheme', () => {
    const base = { S3_ENDPOINT: '127.0.0.1:9000', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' };
    expect(loadConfig(base).storage).toMatchObject({ useSSL: false, port: 9000 });
    expect(loadConfig({ ...base, S3_USE_SSL: 'true' }).storage).toMatchObject({ useSSL: true });
  });

  it('names every wrong variable in one message', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      FOYER_SIGNUP: 'sometimes',
      REDIS_URL: 'http://not-redis',
      FOYER_MASTER_KEY: 'short',
    });
    const text = problems.join('\n');
    for (const name of ['PORT', 'FOYER_SIGNUP', 'REDIS_URL', 'FOYER_MASTER_KEY'])
      expect(text).toContain(name);
  });

  it('requires the application role and a master key in hosted mode', () => {
    const problems = problemsOf({ DATABASE_URL: HOSTED.DATABASE_URL });
    expect(problems.join('\n')).toContain('DATABASE_APP_URL');
    expect(problems.join('\n')).toContain('FOYER_MASTER_KEY');
  });

  it('takes a hash-tagged queue prefix for Redis Cluster, and refuses other punctuation', () => {
    const queue = (prefix: string) =>
      loadConfig({ REDIS_URL: 'redis://cache:6379', FOYER_QUEUE_PREFIX: prefix }).queue;
    expect(queue('{foyer}')).toMatchObject({ prefix: '{foyer}' });
    expect(queue('foyer_2')).toMatchObject({ prefix: 'foyer_2' });
    for (const bad of ['{foyer', 'foyer}', 'fo{y}er', 'foyer:jobs', '{}']) {
      expect(() => queue(bad)).toThrow(/FOYER_QUEUE_PREFIX/);
    }
  });

  it('requires S3 credentials with an S3 endpoint', () => {
    const problems = problemsOf({ S3_ENDPOINT: 'http://127.0.0.1:9000' });
    expect(problems.join('\n')).toMatch(/S3_ACCESS_KEY/);
    expect(problems.join('\n')).toMatch(/S3_SECRET_KEY/);
  });

  it('keeps export archives FOYER_EXPORT_TTL_DAYS whole days, 7 by default, at least 1', () => {
    expect(loadConfig({}).exportTtlDays).toBe(7);
    expect(loadConfig({ FOYER_EXPORT_TTL_DAYS: '30' }).exportTtlDays).toBe(30);
    for (const wrong of ['0', '-1', '2.5', 'a week']) {
      expect(problemsOf({ FOYER_EXPORT_TTL_DAYS: wrong }).join('\n')).toContain(
        'FOYER_EXPORT_TTL_DAYS',
      );
    }
  });

  it('takes the deletion grace period in whole days, 30 by default, 0 allowed', () => {
    expect(loadConfig({}).deletionGraceDays).toBe(30);
    expect(loadConfig({ FOYER_DELETION_GRACE_DAYS: '0' }).deletionGraceDays).toBe(0);
    for (const wrong of ['-1', '2.5', 'a month']) {
      expect(problemsOf({ FOYER_DELETION_GRACE_DAYS: wrong }).join('\n')).toContain(
        'FOYER_DELETION_GRACE_DAYS',
      );
    }
  });

  it('ignores unrelated and empty variables', () => {
    expect(() => loadConfig({ HOME: '/root', REDIS_URL: '' })).not.toThrow();
    expect(loadConfig({ REDIS_URL: '' }).queue.kind).toBe('in-process');
  });
});
