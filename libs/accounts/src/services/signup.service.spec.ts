import { Logger } from '@nestjs/common';
import { FoyerConfig, FoyerError, SignupPolicy } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { UserEntity } from '../entities/user.entity';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { SignupInvitePolicy } from '../ports/signup-invite-policy';
import { RateLimitRepository } from '../repositories/rate-limit.repository';
import { AccountsTransaction, TransactionRunner } from '../repositories/transaction-runner';
import { NewUser, UserRepository } from '../repositories/user.repository';
import { SignupService } from './signup.service';

const GOOD_PASSWORD = 'kx7#Qm2!vz-hearth';

interface Options {
  policy?: SignupPolicy;
  database?: 'embedded' | 'external';
  existingUsers?: number;
  taken?: boolean;
  inviteAdmits?: boolean;
}

function setUp(options: Options = {}) {
  let userCount = options.existingUsers ?? 0;
  const created: NewUser[] = [];
  const txUsers = {
    lockSignups: jest.fn().mockResolvedValue(undefined),
    anyExists: jest.fn(async () => userCount > 0),
    create: jest.fn(async (user: NewUser) => {
      if (options.taken) return null;
      created.push(user);
      userCount++;
      return {
        id: `user-${userCount}`,
        email: user.email,
        displayName: user.displayName,
        passwordHash: user.passwordHash,
        isInstanceAdmin: user.isInstanceAdmin,
        emailVerifiedAt: user.emailVerified ? new Date() : null,
      } as UserEntity;
    }),
  };
  const users = {
    anyExists: jest.fn(async () => userCount > 0),
    findByEmail: jest.fn().mockResolvedValue(null),
    in: () => txUsers,
  };
  const transactions = {
    run: (work: (tx: AccountsTransaction) => Promise<unknown>) =>
      work({ manager: {} } as AccountsTransaction),
  };
  const hasher = { hash: jest.fn().mockResolvedValue('$argon2id$hash') };
  const redeemed: string[] = [];
  const invites = {
    admits: jest.fn().mockResolvedValue(options.inviteAdmits ?? false),
    // Stands in for the households library: runs the account's creation in "its" transaction,
    // then redeems (or fails to, undoing the account).
    redeem: jest.fn(
      async (
        _candidate: unknown,
        createAccount: (manager: unknown) => Promise<{ id: string }>,
      ): Promise<unknown> => {
        const account = await createAccount({ marker: 'invite-transaction' });
        redeemed.push(account.id);
        return account;
      },
    ),
  };
  const jobs = { enqueue: jest.fn().mockResolvedValue(undefined) };
  const config = {
    signupPolicy: options.policy ?? 'open',
    database: { kind: options.database ?? 'external' },
    signupLimits: { perIp: 3, windowSeconds: 3600 },
  } as FoyerConfig;
  const counts = new Map<string, number>();
  const windows = {
    hit: jest.fn(async (key: string) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { count: counts.get(key)!, secondsLeft: 1200 };
    }),
  };
  const service = new SignupService(
    users as unknown as UserRepository,
    transactions as unknown as TransactionRunner,
    new PasswordPolicy(),
    hasher as unknown as PasswordHasher,
    invites as unknown as SignupInvitePolicy,
    jobs as unknown as JobQueue,
    config,
    windows as unknown as RateLimitRepository,
  );
  const addUser = () => {
    userCount++;
  };
  return { service, users, txUsers, hasher, invites, jobs, created, addUser, redeemed };
}

const request = (extra: Record<string, string> = {}) => ({
  email: ' Ada@Example.COM ',
  password: GOOD_PASSWORD,
  displayName: 'Ada',
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<FoyerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FoyerError);
  return error as FoyerError;
}

describe('SignupService', () => {
  it('creates the account with a lower-cased email and a hash, and queues the verification mail', async () => {
    const { service, created, jobs, hasher } = setUp({ existingUsers: 2 });
    const account = await service.signup(request());
    expect(account).toEqual({
      id: 'user-3',
      email: 'ada@example.com',
      displayName: 'Ada',
      emailVerified: false,
    });
    expect(hasher.hash).toHaveBeenCalledWith(GOOD_PASSWORD);
    expect(created[0]).toMatchObject({
      email: 'ada@example.com',
      passwordHash: '$argon2id$hash',
      isInstanceAdmin: false,
    });
    expect(jobs.enqueue).toHaveBeenCalledWith(
      JobName.SendVerificationEmail,
      { userId: 'user-3' },
      expect.objectContaining({ deduplicationKey: expect.any(String) }),
    );
  });

  it('makes the first account the instance administrator, unverified in hosted mode', async () => {
    const { service, created, jobs } = setUp({ database: 'external' });
    const account = await service.signup(request());
    expect(created[0]).toMatchObject({ isInstanceAdmin: true, emailVerified: false });
    expect(account.emailVerified).toBe(false);
    expect(jobs.enqueue).toHaveBeenCalled();
  });

  it('verifies the first account at signup in the embedded default, and sends no mail', async () => {
    const { service, created, jobs } = setUp({ database: 'embedded' });
    const account = await service.signup(request());
    expect(created[0]).toMatchObject({ isInstanceAdmin: true, emailVerified: true });
    expect(account.emailVerified).toBe(true);
    expect(jobs.enqueue).not.toHaveBeenCalled();
  });

  it('does not verify later accounts in the embedded default', async () => {
    const { service, created } = setUp({ database: 'embedded', existingUsers: 1 });
    await service.signup(request());
    expect(created[0]).toMatchObject({ isInstanceAdmin: false, emailVerified: false });
  });

  it.each<[SignupPolicy]>([['closed'], ['invite']])(
    'lets the first account in under %s',
    async (policy) => {
      const { service, created } = setUp({ policy });
      await service.signup(request());
      expect(created[0].isInstanceAdmin).toBe(true);
    },
  );

  it('refuses later accounts under closed with 403 SIGNUP_CLOSED', async () => {
    const { service, created } = setUp({ policy: 'closed', existingUsers: 1 });
    expect(await refusal(service.signup(request()))).toMatchObject({
      status: 403,
      code: 'SIGNUP_CLOSED',
    });
    expect(created).toHaveLength(0);
  });

  it('asks the invite port under invite, with the normalised email and the token', async () => {
    const { service, invites, created } = setUp({
      policy: 'invite',
      existingUsers: 1,
      inviteAdmits: true,
    });
    await service.signup(request({ inviteToken: 'invite-123' }));
    expect(invites.admits).toHaveBeenCalledWith({
      email: 'ada@example.com',
      inviteToken: 'invite-123',
    });
    expect(created).toHaveLength(1);
  });

  it.each<[SignupPolicy]>([['invite'], ['open']])(
    'under %s, creates an admitted invitee verified, inside the redemption, and sends no mail',
    async (policy) => {
      const { service, invites, created, redeemed, jobs } = setUp({
        policy,
        existingUsers: 1,
        inviteAdmits: true,
      });
      const account = await service.signup({
        ...request({ inviteToken: 'invite-123' }),
        ip: '::1',
      });
      expect(account).toMatchObject({ id: 'user-2', emailVerified: true });
      expect(created[0]).toMatchObject({ emailVerified: true, isInstanceAdmin: false });
      expect(invites.redeem).toHaveBeenCalledWith(
        { email: 'ada@example.com', inviteToken: 'invite-123', ip: '::1' },
        expect.any(Function),
      );
      expect(redeemed).toEqual(['user-2']);
      expect(jobs.enqueue).not.toHaveBeenCalled();
    },
  );

  it('creates the account in the transaction the redemption hands over', async () => {
    const setup = setUp({ policy: 'invite', existingUsers: 1, inviteAdmits: true });
    const inSpy = jest.spyOn(setup.users, 'in');
    await setup.service.signup(request({ inviteToken: 'invite-123' }));
    expect(inSpy).toHaveBeenCalledWith({ manager: { marker: 'invite-transaction' } });
  });

  it('leaves no account when the redemption fails (the invite was revoked meanwhile)', async () => {
    const { service, invites, jobs } = setUp({
      policy: 'invite',
      existingUsers: 1,
      inviteAdmits: true,
    });
    invites.redeem.mockRejectedValueOnce(new FoyerError(410, 'INVITE_REVOKED', 'revoked'));
    expect(await refusal(service.signup(request({ inviteToken: 'invite-123' })))).toMatchObject({
      status: 410,
      code: 'INVITE_REVOKED',
    });
    expect(jobs.enqueue).not.toHaveBeenCalled();
  });

  it('under open, ignores a token the port does not admit: an ordinary, unverified signup', async () => {
    const { service, invites, created, jobs } = setUp({ policy: 'open', existingUsers: 1 });
    const account = await service.signup(request({ inviteToken: 'stale-invite' }));
    expect(account.emailVerified).toBe(false);
    expect(created[0].emailVerified).toBe(false);
    expect(invites.redeem).not.toHaveBeenCalled();
    expect(jobs.enqueue).toHaveBeenCalled();
  });

  it('under closed, an invite does not open the door (and the port is not asked)', async () => {
    const { service, invites, created } = setUp({
      policy: 'closed',
      existingUsers: 1,
      inviteAdmits: true,
    });
    expect(await refusal(service.signup(request({ inviteToken: 'invite-123' })))).toMatchObject({
      code: 'SIGNUP_CLOSED',
    });
    expect(invites.admits).not.toHaveBeenCalled();
    expect(created).toHaveLength(0);
  });

  it('under invite, refuses a token the port does not admit with 403 SIGNUP_INVITE_REQUIRED', async () => {
    const { service, invites, created } = setUp({ policy: 'invite', existingUsers: 1 });
    expect(await refusal(service.signup(request({ inviteToken: 'stale-invite' })))).toMatchObject({
      status: 403,
      code: 'SIGNUP_INVITE_REQUIRED',
    });
    expect(invites.redeem).not.toHaveBeenCalled();
    expect(created).toHaveLength(0);
  });

  it('refuses under invite when the port does not admit, with 403 SIGNUP_INVITE_REQUIRED', async () => {
    const { service, created } = setUp({ policy: 'invite', existingUsers: 1 });
    expect(await refusal(service.signup(request()))).toMatchObject({
      status: 403,
      code: 'SIGNUP_INVITE_REQUIRED',
    });
    expect(created).toHaveLength(0);
  });

  it('applies the policy when someone else became first meanwhile', async () => {
    const setup = setUp({ policy: 'closed' });
    // Between the first look and the locked re-check, another signup committed.
    setup.txUsers.lockSignups.mockImplementation(async () => setup.addUser());
    expect(await refusal(setup.service.signup(request()))).toMatchObject({ code: 'SIGNUP_CLOSED' });
    expect(setup.created).toHaveLength(0);
  });

  it.each([
    ['short', 'PASSWORD_TOO_SHORT'],
    ['qwertyuiop', 'PASSWORD_TOO_COMMON'],
  ])('refuses the password %p with %s before hashing', async (password, code) => {
    const { service, hasher } = setUp();
    expect(await refusal(service.signup(request({ password })))).toMatchObject({
      status: 400,
      code,
    });
    expect(hasher.hash).not.toHaveBeenCalled();
  });

  it('answers a taken email as a new one, creates nothing and mails the owner (found first)', async () => {
    const { service, users, txUsers, hasher, jobs } = setUp({ existingUsers: 1 });
    users.findByEmail.mockResolvedValue({ id: 'someone' });
    const answer = await service.signup(request());
    expect(answer).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: 'ada@example.com',
      displayName: 'Ada',
      emailVerified: false,
    });
    expect(answer.id).not.toBe('someone');
    expect(users.findByEmail).toHaveBeenCalledWith('ada@example.com');
    // The same work as a new account: the password is hashed either way.
    expect(hasher.hash).toHaveBeenCalled();
    expect(txUsers.create).not.toHaveBeenCalled();
    expect(jobs.enqueue).toHaveBeenCalledWith(JobName.SendSignupAttemptEmail, {
      userId: 'someone',
    });
  });

  it('mails the owner once an hour at most, however many attempts', async () => {
    const { service, users, jobs } = setUp({ existingUsers: 1 });
    users.findByEmail.mockResolvedValue({ id: 'someone' });
    await service.signup(request());
    await service.signup(request());
    expect(jobs.enqueue).toHaveBeenCalledTimes(1);
  });

  it('answers a taken email as a new one when it lost a race on the unique index', async () => {
    const { service, users, jobs } = setUp({ existingUsers: 1, taken: true });
    users.findByEmail.mockResolvedValueOnce(null).mockResolvedValue({ id: 'winner' });
    await expect(service.signup(request())).resolves.toMatchObject({ emailVerified: false });
    expect(jobs.enqueue).toHaveBeenCalledWith(JobName.SendSignupAttemptEmail, {
      userId: 'winner',
    });
  });

  it('counts every attempt per IP: 429 RATE_LIMITED with retryAfterSeconds past the limit', async () => {
    const { service, created } = setUp({ existingUsers: 1 });
    for (let attempt = 0; attempt < 3; attempt++) {
      await service.signup({ ...request({ email: `ada${attempt}@example.com` }), ip: '10.0.0.7' });
    }
    const error = await refusal(service.signup({ ...request(), ip: '10.0.0.7' }));
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(error.details).toEqual({ retryAfterSeconds: 1200 });
    expect(created).toHaveLength(3);
    // Another address is counted on its own.
    await expect(service.signup({ ...request(), ip: '10.0.0.8' })).resolves.toBeDefined();
  });

  it('keeps the account when the queue is down (the mail can be asked for again)', async () => {
    const { service, jobs } = setUp({ existingUsers: 1 });
    jobs.enqueue.mockRejectedValue(new Error('redis down'));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(service.signup(request())).resolves.toMatchObject({ email: 'ada@example.com' });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
