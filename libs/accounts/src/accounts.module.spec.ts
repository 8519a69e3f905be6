import { Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { FoyerConfig } from '@foyer/core';
import { JobQueue, RecurringJobScheduler } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { AccountsModule } from './accounts.module';
import { Membership, MembershipDirectory } from './ports/membership-directory';
import { NoInvites } from './ports/no-invites';
import { NoMemberships } from './ports/no-memberships';
import { SignupInvitePolicy } from './ports/signup-invite-policy';
import { ProfileService } from './services/profile.service';
import { SignupService } from './services/signup.service';

/** What the application provides around AccountsModule, faked: no database is touched here. */
@Global()
@Module({
  providers: [
    {
      provide: FoyerConfig,
      useValue: { loginLimits: { perIp: 1, perAccount: 1, windowSeconds: 1 } },
    },
    { provide: JobQueue, useValue: { enqueue: jest.fn() } },
    {
      provide: RecurringJobScheduler,
      useValue: { scheduleCurrent: jest.fn(), scheduleNext: jest.fn() },
    },
    { provide: Mailer, useValue: { send: jest.fn() } },
    {
      provide: DataSource,
      useValue: { options: { type: 'postgres' }, entityMetadatas: [], getRepository: () => ({}) },
    },
  ],
  exports: [FoyerConfig, JobQueue, RecurringJobScheduler, Mailer, DataSource],
})
class FakeInfrastructure {}

@Injectable()
class HouseholdMemberships extends MembershipDirectory {
  async forUser(): Promise<Membership[]> {
    return [{ householdId: 'h', slug: 'smiths', name: 'The Smiths', role: 'owner' }];
  }
}

@Injectable()
class HouseholdInvites extends SignupInvitePolicy {
  async admits(): Promise<boolean> {
    return true;
  }

  async redeem(): Promise<never> {
    throw new Error('not used here');
  }
}

@Module({
  providers: [HouseholdMemberships, HouseholdInvites],
  exports: [HouseholdMemberships, HouseholdInvites],
})
class FakeHouseholdsModule {}

describe('AccountsModule ports', () => {
  it('defaults to no memberships and no valid invites', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [FakeInfrastructure, AccountsModule],
    }).compile();
    expect(moduleRef.get(MembershipDirectory, { strict: false })).toBeInstanceOf(NoMemberships);
    expect(moduleRef.get(SignupInvitePolicy, { strict: false })).toBeInstanceOf(NoInvites);
    const signups = moduleRef.get(SignupService, { strict: false }) as unknown as {
      invitePolicy: unknown;
    };
    expect(signups.invitePolicy).toBeInstanceOf(NoInvites);
    await moduleRef.close();
  });

  it("takes the households library's implementations through forRoot", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        FakeInfrastructure,
        AccountsModule.forRoot({
          imports: [FakeHouseholdsModule],
          membershipDirectory: HouseholdMemberships,
          signupInvitePolicy: HouseholdInvites,
        }),
      ],
    }).compile();
    // What the services inside AccountsModule were given, not just what some module exports.
    const profiles = moduleRef.get(ProfileService, { strict: false });
    const me = await profiles.me({
      id: 'u',
      email: 'ada@example.com',
      displayName: 'Ada',
      emailVerified: true,
      isInstanceAdmin: false,
      language: 'en',
      pendingEmail: null,
    });
    expect(me.memberships).toEqual([
      { householdId: 'h', slug: 'smiths', name: 'The Smiths', role: 'owner' },
    ]);
    const signups = moduleRef.get(SignupService, { strict: false }) as unknown as {
      invitePolicy: unknown;
    };
    expect(signups.invitePolicy).toBeInstanceOf(HouseholdInvites);
    await moduleRef.close();
  });
});
