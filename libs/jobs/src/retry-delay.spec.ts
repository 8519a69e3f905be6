import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles the base delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1_000))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('never waits more than an hour', () => {
    expect(retryDelayMs(40, 10_000)).toBe(60 * 60 * 1000);
  });

  it('treats a first attempt (or less) as the base delay', () => {
    expect(retryDelayMs(0, 500)).toBe(500);
  });
});
