import { FoyerError } from '@foyer/core';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../repositories/user.repository';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordConfirmation } from './password-confirmation';

function setUp(options: { userExists?: boolean; matches?: boolean; limited?: boolean } = {}) {
  const users = {
    findById: jest
      .fn()
      .mockResolvedValue(
        options.userExists === false
          ? null
          : { id: 'user-1', email: 'ada@example.com', passwordHash: 'stored-hash' },
      ),
  };
  const hasher = {
    verify: jest.fn().mockResolvedValue(options.matches ?? true),
    verifyDummy: jest.fn().mockResolvedValue(false),
  };
  const limiter = {
    attempt: options.limited
      ? jest.fn().mockRejectedValue(new FoyerError(429, 'RATE_LIMITED', 'Too many'))
      : jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const confirmation = new PasswordConfirmation(
    users as unknown as UserRepository,
    hasher as unknown as PasswordHasher,
    limiter as unknown as LoginRateLimiter,
  );
  return { confirmation, users, hasher, limiter };
}

describe('PasswordConfirmation', () => {
  it("accepts the account's password and gives the attempt back", async () => {
    const { confirmation, hasher, limiter } = setUp();
    await expect(confirmation.confirm('user-1', 'the right one')).resolves.toBe(true);
    expect(hasher.verify).toHaveBeenCalledWith('stored-hash', 'the right one');
    expect(limiter.attempt).toHaveBeenCalledWith('ada@example.com', null);
    expect(limiter.succeeded).toHaveBeenCalledWith('ada@example.com', null);
  });

  it('refuses a wrong password, and the attempt counts against the sign-in limit', async () => {
    const { confirmation, limiter } = setUp({ matches: false });
    await expect(confirmation.confirm('user-1', 'wrong')).resolves.toBe(false);
    expect(limiter.attempt).toHaveBeenCalledWith('ada@example.com', null);
    expect(limiter.succeeded).not.toHaveBeenCalled();
  });

  it('says no for an account that no longer exists, after the same work', async () => {
    const { confirmation, hasher, limiter } = setUp({ userExists: false });
    await expect(confirmation.confirm('gone', 'anything')).resolves.toBe(false);
    expect(hasher.verifyDummy).toHaveBeenCalledWith('anything');
    expect(limiter.succeeded).not.toHaveBeenCalled();
  });

  it('stops at the rate limit before checking the password', async () => {
    const { confirmation, hasher } = setUp({ limited: true });
    await expect(confirmation.confirm('user-1', 'guess')).rejects.toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
    });
    expect(hasher.verify).not.toHaveBeenCalled();
  });
});
