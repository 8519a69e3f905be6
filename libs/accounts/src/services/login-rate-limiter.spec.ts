import { FoyerConfig, FoyerError } from '@foyer/core';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { LoginRateLimiter } from './login-rate-limiter';

/** An in-memory fixed window, standing in for the table. */
function fakeWindows(secondsLeft = 120) {
  const counts = new Map<string, number>();
  return {
    counts,
    hit: jest.fn(async (key: string) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { count: counts.get(key)!, secondsLeft };
    }),
    refund: jest.fn(async (key: string) => {
      counts.set(key, Math.max(0, (counts.get(key) ?? 0) - 1));
    }),
    clear: jest.fn(async (key: string) => {
      counts.delete(key);
    }),
  };
}

function limiter(windows: ReturnType<typeof fakeWindows>, perAccount = 3, perIp = 5) {
  const config = { loginLimits: { perAccount, perIp, windowSeconds: 900 } } as FoyerConfig;
  return new LoginRateLimiter(windows as unknown as RateLimitRepository, config);
}

async function attemptOutcome(subject: LoginRateLimiter, email: string, ip: string | null) {
  try {
    await subject.attempt(email, ip);
    return 'allowed';
  } catch (error) {
    return error as FoyerError;
  }
}

describe('LoginRateLimiter', () => {
  it('allows the limit of attempts per account, then refuses with 429 and the seconds left', async () => {
    const subject = limiter(fakeWindows(321));
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await attemptOutcome(subject, 'ada@example.com', '10.0.0.1')).toBe('allowed');
    }
    const refused = await attemptOutcome(subject, 'ada@example.com', '10.0.0.2');
    expect(refused).toBeInstanceOf(FoyerError);
    expect(refused).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 321 },
    });
  });

  it('limits per IP across accounts', async () => {
    const subject = limiter(fakeWindows(), 100, 5);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await attemptOutcome(subject, `user${attempt}@example.com`, '10.0.0.9')).toBe(
        'allowed',
      );
    }
    expect(await attemptOutcome(subject, 'other@example.com', '10.0.0.9')).toMatchObject({
      status: 429,
    });
    expect(await attemptOutcome(subject, 'other@example.com', '10.0.0.10')).toBe('allowed');
  });

  it('keys accounts by a hash, never the address', async () => {
    const windows = fakeWindows();
    await limiter(windows).attempt('ada@example.com', '10.0.0.1');
    const keys = [...windows.counts.keys()];
    expect(keys).toContain('login:ip:10.0.0.1');
    expect(keys.some((key) => /^login:account:[0-9a-f]{64}$/.test(key))).toBe(true);
    expect(keys.join()).not.toContain('ada');
  });

  it('gives back a successful attempt: successes do not use up the budget', async () => {
    const windows = fakeWindows();
    const subject = limiter(windows, 3, 3);
    for (let round = 0; round < 10; round++) {
      await subject.attempt('ada@example.com', '10.0.0.1');
      await subject.succeeded('ada@example.com', '10.0.0.1');
    }
    expect(await attemptOutcome(subject, 'ada@example.com', '10.0.0.1')).toBe('allowed');
  });

  it('starts the account afresh after a success', async () => {
    const subject = limiter(fakeWindows());
    await subject.attempt('ada@example.com', null);
    await subject.attempt('ada@example.com', null);
    await subject.succeeded('ada@example.com', null);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await attemptOutcome(subject, 'ada@example.com', null)).toBe('allowed');
    }
    expect(await attemptOutcome(subject, 'ada@example.com', null)).toMatchObject({ status: 429 });
  });

  it('without an IP (a password change) counts the account only', async () => {
    const windows = fakeWindows();
    await limiter(windows).attempt('ada@example.com', null);
    expect(windows.hit).toHaveBeenCalledTimes(1);
  });
});
