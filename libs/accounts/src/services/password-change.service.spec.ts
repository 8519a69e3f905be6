import { FoyerError } from '@foyer/core';
import { AuthenticatedUser } from '../authenticated-user';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { SessionRepository } from '../repositories/session.repository';
import { AccountsTransaction, TransactionRunner } from '../repositories/transaction-runner';
import { UserRepository } from '../repositories/user.repository';
import { AuthTokenService } from './auth-token.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordChangeService } from './password-change.service';

const ada: AuthenticatedUser = {
  id: 'user-1',
  email: 'ada@example.com',
  displayName: 'Ada',
  emailVerified: true,
  isInstanceAdmin: false,
  language: 'en',
  pendingEmail: null,
};

function setUp(currentMatches: boolean) {
  const users = {
    findById: jest.fn().mockResolvedValue({ id: 'user-1', passwordHash: 'old-hash' }),
    setPasswordHash: jest.fn().mockResolvedValue(undefined),
  };
  const sessions = { revokeAllOfUser: jest.fn().mockResolvedValue(1) };
  const appPasswords = { revokeAllOfUser: jest.fn().mockResolvedValue(1) };
  const tokens = { retireAll: jest.fn().mockResolvedValue(undefined) };
  const hasher = {
    verify: jest.fn().mockResolvedValue(currentMatches),
    hash: jest.fn().mockResolvedValue('new-hash'),
  };
  const limiter = {
    attempt: jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const transactions = {
    run: (work: (tx: AccountsTransaction) => Promise<unknown>) =>
      work({ manager: {} } as AccountsTransaction),
  };
  const service = new PasswordChangeService(
    { ...users, in: () => users } as unknown as UserRepository,
    { ...sessions, in: () => sessions } as unknown as SessionRepository,
    { ...appPasswords, in: () => appPasswords } as unknown as AppPasswordRepository,
    tokens as unknown as AuthTokenService,
    transactions as unknown as TransactionRunner,
    new PasswordPolicy(),
    hasher as unknown as PasswordHasher,
    limiter as unknown as LoginRateLimiter,
  );
  return { service, users, sessions, appPasswords, tokens, hasher, limiter };
}

async function refusal(promise: Promise<unknown>): Promise<FoyerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FoyerError);
  return error as FoyerError;
}

describe('PasswordChangeService', () => {
  it('sets the new hash, revokes the other sessions (not this one), app passwords and reset links', async () => {
    const { service, users, sessions, appPasswords, tokens, limiter } = setUp(true);
    await service.change(ada, 'session-here', 'old-password-1', 'new-password-by-the-fire');
    expect(users.setPasswordHash).toHaveBeenCalledWith('user-1', 'new-hash');
    expect(sessions.revokeAllOfUser).toHaveBeenCalledWith('user-1', 'session-here');
    expect(appPasswords.revokeAllOfUser).toHaveBeenCalledWith('user-1');
    expect(tokens.retireAll).toHaveBeenCalledWith('user-1', 'password_reset', expect.anything());
    expect(limiter.succeeded).toHaveBeenCalledWith('ada@example.com', null);
  });

  it('refuses a wrong current password with 403 CURRENT_PASSWORD_INCORRECT and changes nothing', async () => {
    const { service, users, sessions, limiter } = setUp(false);
    const error = await refusal(service.change(ada, 's', 'wrong', 'new-password-by-the-fire'));
    expect(error).toMatchObject({ status: 403, code: 'CURRENT_PASSWORD_INCORRECT' });
    expect(users.setPasswordHash).not.toHaveBeenCalled();
    expect(sessions.revokeAllOfUser).not.toHaveBeenCalled();
    expect(limiter.attempt).toHaveBeenCalledWith('ada@example.com', null);
    expect(limiter.succeeded).not.toHaveBeenCalled();
  });

  it('applies the password policy before spending an attempt', async () => {
    const { service, limiter, hasher } = setUp(true);
    const error = await refusal(service.change(ada, 's', 'old-password-1', 'short'));
    expect(error.code).toBe('PASSWORD_TOO_SHORT');
    expect(limiter.attempt).not.toHaveBeenCalled();
    expect(hasher.verify).not.toHaveBeenCalled();
  });
});
