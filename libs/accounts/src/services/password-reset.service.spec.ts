import { FoyerError } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { SessionRepository } from '../repositories/session.repository';
import { AccountsTransaction } from '../repositories/transaction-runner';
import { UserRepository } from '../repositories/user.repository';
import { AccountMailComposer } from './account-mail-composer';
import { AuthTokenService } from './auth-token.service';
import { PasswordResetService, RESET_MAILS_PER_HOUR } from './password-reset.service';

function setUp() {
  const users = {
    findByEmail: jest
      .fn()
      .mockResolvedValue({ id: 'user-1', email: 'ada@example.com', displayName: 'Ada' }),
    findById: jest
      .fn()
      .mockResolvedValue({ id: 'user-1', email: 'ada@example.com', displayName: 'Ada' }),
    setPasswordHash: jest.fn().mockResolvedValue(undefined),
    takeOverUnverified: jest.fn().mockResolvedValue(undefined),
  };
  const sessions = { revokeAllOfUser: jest.fn().mockResolvedValue(2) };
  const appPasswords = { revokeAllOfUser: jest.fn().mockResolvedValue(1) };
  let hits = 0;
  const windows = { hit: jest.fn(async () => ({ count: ++hits, secondsLeft: 10 })) };
  const tokens = {
    issue: jest.fn().mockResolvedValue('fresh-token'),
    check: jest.fn().mockResolvedValue({ id: 't', userId: 'user-1' }),
    redeem: jest.fn(
      async (
        _token: string,
        _purpose: string,
        work: (tx: AccountsTransaction, userId: string) => Promise<void>,
      ) => work({ manager: {} } as AccountsTransaction, 'user-1'),
    ),
  };
  const hasher = { hash: jest.fn().mockResolvedValue('new-hash') };
  const composer = {
    passwordReset: jest.fn().mockReturnValue({ to: 'ada@example.com', subject: 's', text: 't' }),
  };
  const mailer = { send: jest.fn().mockResolvedValue(undefined) };
  const jobs = { enqueue: jest.fn().mockResolvedValue(undefined) };
  const service = new PasswordResetService(
    { ...users, in: () => users } as unknown as UserRepository,
    { ...sessions, in: () => sessions } as unknown as SessionRepository,
    { ...appPasswords, in: () => appPasswords } as unknown as AppPasswordRepository,
    tokens as unknown as AuthTokenService,
    new PasswordPolicy(),
    hasher as unknown as PasswordHasher,
    windows as unknown as RateLimitRepository,
    composer as unknown as AccountMailComposer,
    mailer as unknown as Mailer,
    jobs as unknown as JobQueue,
  );
  return { service, users, sessions, appPasswords, tokens, hasher, composer, mailer, jobs };
}

describe('PasswordResetService', () => {
  it('queues the mail for an existing account, by id', async () => {
    const { service, users, jobs } = setUp();
    await service.request(' ADA@example.com ');
    expect(users.findByEmail).toHaveBeenCalledWith('ada@example.com');
    expect(jobs.enqueue).toHaveBeenCalledWith(
      JobName.SendPasswordResetEmail,
      { userId: 'user-1' },
      expect.objectContaining({ deduplicationKey: expect.any(String) }),
    );
  });

  it('quietly does nothing for an unknown email', async () => {
    const { service, users, jobs } = setUp();
    users.findByEmail.mockResolvedValue(null);
    await expect(service.request('nobody@example.com')).resolves.toBeUndefined();
    expect(jobs.enqueue).not.toHaveBeenCalled();
  });

  it('quietly drops requests past the hourly cap per address', async () => {
    const { service, jobs } = setUp();
    for (let request = 0; request < RESET_MAILS_PER_HOUR + 3; request++)
      await service.request('ada@example.com');
    expect(jobs.enqueue).toHaveBeenCalledTimes(RESET_MAILS_PER_HOUR);
  });

  it('mails a fresh one-hour token', async () => {
    const { service, tokens, composer, mailer } = setUp();
    await service.sendResetMail('user-1');
    expect(tokens.issue).toHaveBeenCalledWith('user-1', 'password_reset', 60 * 60 * 1000);
    expect(composer.passwordReset).toHaveBeenCalledWith(
      expect.objectContaining({ email: 'ada@example.com' }),
      'fresh-token',
      60,
    );
    expect(mailer.send).toHaveBeenCalled();
  });

  it('sends nothing for an account that is gone', async () => {
    const { service, users, mailer, tokens } = setUp();
    users.findById.mockResolvedValue(null);
    await service.sendResetMail('user-1');
    expect(tokens.issue).not.toHaveBeenCalled();
    expect(mailer.send).not.toHaveBeenCalled();
  });

  it("sets the password, verifies the email, revokes every session and app password, in the token's transaction", async () => {
    const { service, users, sessions, appPasswords, tokens } = setUp();
    await service.confirm('the-token', 'a-new-password-by-the-fire');
    expect(tokens.redeem).toHaveBeenCalledWith('the-token', 'password_reset', expect.any(Function));
    expect(users.setPasswordHash).toHaveBeenCalledWith('user-1', 'new-hash');
    expect(users.takeOverUnverified).toHaveBeenCalledWith('user-1');
    expect(sessions.revokeAllOfUser).toHaveBeenCalledWith('user-1');
    expect(appPasswords.revokeAllOfUser).toHaveBeenCalledWith('user-1');
  });

  it('checks the token before the password, and uses nothing up on a refused password', async () => {
    const { service, tokens } = setUp();
    tokens.check.mockRejectedValueOnce(new FoyerError(400, 'TOKEN_INVALID', 'bad'));
    await expect(service.confirm('bad', 'short')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(service.confirm('good', 'short')).rejects.toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
    });
    expect(tokens.redeem).not.toHaveBeenCalled();
  });
});
