import { FoyerError } from '@foyer/core';
import { UserEntity } from '../entities/user.entity';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../repositories/user.repository';
import { LoginRateLimiter } from './login-rate-limiter';
import { LoginService } from './login.service';

const ada = {
  id: 'user-1',
  email: 'ada@example.com',
  passwordHash: 'hash',
  displayName: 'Ada',
  emailVerifiedAt: null,
  isInstanceAdmin: false,
} as UserEntity;

function setUp(user: UserEntity | null, passwordMatches: boolean) {
  const users = { findByEmail: jest.fn().mockResolvedValue(user) };
  const hasher = {
    verify: jest.fn().mockResolvedValue(passwordMatches),
    verifyDummy: jest.fn().mockResolvedValue(false),
  };
  const limiter = {
    attempt: jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const service = new LoginService(
    users as unknown as UserRepository,
    hasher as unknown as PasswordHasher,
    limiter as unknown as LoginRateLimiter,
  );
  return { service, users, hasher, limiter };
}

async function refusal(promise: Promise<unknown>): Promise<FoyerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FoyerError);
  return error as FoyerError;
}

describe('LoginService', () => {
  it('signs in with the right password, normalising the email, and reports success to the limiter', async () => {
    const { service, users, limiter } = setUp(ada, true);
    const user = await service.authenticate({
      email: '  ADA@Example.com ',
      password: 'pw',
      ip: '10.0.0.1',
    });
    expect(user).toEqual({
      id: 'user-1',
      email: 'ada@example.com',
      displayName: 'Ada',
      emailVerified: false,
      isInstanceAdmin: false,
    });
    expect(users.findByEmail).toHaveBeenCalledWith('ada@example.com');
    expect(limiter.attempt).toHaveBeenCalledWith('ada@example.com', '10.0.0.1');
    expect(limiter.succeeded).toHaveBeenCalledWith('ada@example.com', '10.0.0.1');
  });

  it('answers an unknown email exactly like a wrong password, after verifying a dummy hash', async () => {
    const unknown = setUp(null, false);
    const wrong = setUp(ada, false);
    const unknownError = await refusal(
      unknown.service.authenticate({ email: 'x@example.com', password: 'pw', ip: null }),
    );
    const wrongError = await refusal(
      wrong.service.authenticate({ email: 'ada@example.com', password: 'pw', ip: null }),
    );
    expect([unknownError.status, unknownError.code, unknownError.message]).toEqual([
      wrongError.status,
      wrongError.code,
      wrongError.message,
    ]);
    expect(unknownError).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect(unknown.hasher.verifyDummy).toHaveBeenCalledWith('pw');
    expect(wrong.hasher.verify).toHaveBeenCalledWith('hash', 'pw');
    expect(unknown.limiter.succeeded).not.toHaveBeenCalled();
    expect(wrong.limiter.succeeded).not.toHaveBeenCalled();
  });

  it('checks the limit before any password work', async () => {
    const { service, limiter, hasher, users } = setUp(ada, true);
    limiter.attempt.mockRejectedValue(new FoyerError(429, 'RATE_LIMITED', 'slow down'));
    const error = await refusal(
      service.authenticate({ email: 'ada@example.com', password: 'pw', ip: null }),
    );
    expect(error.status).toBe(429);
    expect(users.findByEmail).not.toHaveBeenCalled();
    expect(hasher.verify).not.toHaveBeenCalled();
  });
});
