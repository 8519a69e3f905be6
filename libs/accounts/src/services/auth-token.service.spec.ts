import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from '../accounts-error-code';
import { AuthTokenEntity } from '../entities/auth-token.entity';
import { AuthTokenRepository } from '../repositories/auth-token.repository';
import { AccountsTransaction, TransactionRunner } from '../repositories/transaction-runner';
import { sha256Hex } from '../tokens/secret-token';
import { assertUsable, AuthTokenService } from './auth-token.service';

const HOUR = 3600_000;

function token(overrides: Partial<AuthTokenEntity> = {}): AuthTokenEntity {
  return {
    id: 'token-1',
    userId: 'user-1',
    purpose: 'verify_email',
    tokenHash: sha256Hex('secret'),
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + HOUR),
    usedAt: null,
    ...overrides,
  };
}

function setUp(stored: AuthTokenEntity | null, consumes = true) {
  const repository = {
    create: jest.fn().mockResolvedValue(undefined),
    findByHash: jest.fn().mockResolvedValue(stored),
    consume: jest.fn().mockResolvedValue(consumes),
    retireOthers: jest.fn().mockResolvedValue(undefined),
  };
  const withTx = { ...repository, in: () => repository };
  const tx = { manager: {} } as AccountsTransaction;
  const transactions = {
    run: jest.fn((work: (t: AccountsTransaction) => Promise<unknown>) => work(tx)),
  };
  const service = new AuthTokenService(
    withTx as unknown as AuthTokenRepository,
    transactions as unknown as TransactionRunner,
  );
  return { service, repository };
}

async function codeOf(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FoyerError);
  return [(error as FoyerError).status, (error as FoyerError).code];
}

describe('AuthTokenService', () => {
  it('issues a random token and stores only its hash, with the given lifetime', async () => {
    const { service, repository } = setUp(null);
    const before = Date.now();
    const secret = await service.issue('user-1', 'password_reset', HOUR);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = repository.create.mock.calls[0][0];
    expect(stored).toMatchObject({
      userId: 'user-1',
      purpose: 'password_reset',
      tokenHash: sha256Hex(secret),
    });
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(before + HOUR);
    expect(stored.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + HOUR);
  });

  it('looks tokens up by hash', async () => {
    const { service, repository } = setUp(token());
    await service.check('secret', 'verify_email');
    expect(repository.findByHash).toHaveBeenCalledWith(sha256Hex('secret'));
  });

  it('refuses an unknown token with 400 TOKEN_INVALID', async () => {
    const { service } = setUp(null);
    expect(await codeOf(service.check('secret', 'verify_email'))).toEqual([
      400,
      AccountsErrorCode.TokenInvalid,
    ]);
  });

  it('refuses a token meant for another purpose with 400 TOKEN_INVALID', async () => {
    const { service } = setUp(token({ purpose: 'password_reset' }));
    expect(await codeOf(service.check('secret', 'verify_email'))).toEqual([
      400,
      AccountsErrorCode.TokenInvalid,
    ]);
  });

  it('refuses a used token with 410 TOKEN_USED', async () => {
    const { service } = setUp(token({ usedAt: new Date() }));
    expect(await codeOf(service.check('secret', 'verify_email'))).toEqual([
      410,
      AccountsErrorCode.TokenUsed,
    ]);
  });

  it('refuses an expired token with 410 TOKEN_EXPIRED', async () => {
    const { service } = setUp(token({ expiresAt: new Date(Date.now() - 1) }));
    expect(await codeOf(service.check('secret', 'verify_email'))).toEqual([
      410,
      AccountsErrorCode.TokenExpired,
    ]);
  });

  it('says "used" for a token that is both used and expired', () => {
    expect(() => assertUsable({ usedAt: new Date(0), expiresAt: new Date(0) }, new Date())).toThrow(
      expect.objectContaining({ code: AccountsErrorCode.TokenUsed }),
    );
  });

  it('treats the expiry instant itself as expired', () => {
    const now = new Date();
    expect(() => assertUsable({ usedAt: null, expiresAt: now }, now)).toThrow(
      expect.objectContaining({ code: AccountsErrorCode.TokenExpired }),
    );
  });

  it('redeems once: consumes the token, retires the others, then does the work', async () => {
    const { service, repository } = setUp(token());
    const work = jest.fn().mockResolvedValue('done');
    await expect(service.redeem('secret', 'verify_email', work)).resolves.toBe('done');
    expect(repository.consume).toHaveBeenCalledWith('token-1');
    expect(repository.retireOthers).toHaveBeenCalledWith('user-1', 'verify_email', 'token-1');
    expect(work).toHaveBeenCalledWith(expect.anything(), 'user-1');
  });

  it('does no work when a concurrent request consumed the token first (410 TOKEN_USED)', async () => {
    const { service, repository } = setUp(token(), false);
    repository.findByHash
      .mockResolvedValueOnce(token())
      .mockResolvedValueOnce(token({ usedAt: new Date() }));
    const work = jest.fn();
    expect(await codeOf(service.redeem('secret', 'verify_email', work))).toEqual([
      410,
      AccountsErrorCode.TokenUsed,
    ]);
    expect(work).not.toHaveBeenCalled();
  });

  it('does no work when the token expired between check and use (410 TOKEN_EXPIRED)', async () => {
    const { service, repository } = setUp(token(), false);
    repository.findByHash
      .mockResolvedValueOnce(token())
      .mockResolvedValueOnce(token({ expiresAt: new Date(Date.now() - 1) }));
    const work = jest.fn();
    expect(await codeOf(service.redeem('secret', 'verify_email', work))).toEqual([
      410,
      AccountsErrorCode.TokenExpired,
    ]);
    expect(work).not.toHaveBeenCalled();
  });
});
