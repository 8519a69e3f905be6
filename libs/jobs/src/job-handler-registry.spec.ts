import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobHandlerRegistry } from './job-handler-registry';
import { JobName, JobPayloads } from './job-name';
import { OnJob, OnJobFailed } from './on-job.decorator';

@Injectable()
class MailHandlers {
  readonly received: string[] = [];

  @OnJob(JobName.SendVerificationEmail)
  async verify(payload: JobPayloads[JobName.SendVerificationEmail]): Promise<void> {
    this.received.push(`verify:${payload.userId}`);
  }

  @OnJob(JobName.SendPasswordResetEmail)
  async reset(payload: JobPayloads[JobName.SendPasswordResetEmail]): Promise<void> {
    this.received.push(`reset:${payload.userId}`);
  }
}

@Injectable()
class MaintenanceHandlers {
  @OnJob(JobName.PurgeExpiredAuthRecords)
  async purge(): Promise<void> {
    throw new Error('purge failed');
  }
}

const FIXTURE_JOBS: readonly JobName[] = [
  JobName.SendVerificationEmail,
  JobName.SendPasswordResetEmail,
  JobName.PurgeExpiredAuthRecords,
];

@Injectable()
class CleanUp {
  readonly undone: string[] = [];

  @OnJobFailed(JobName.SendVerificationEmail)
  async undo(payload: JobPayloads[JobName.SendVerificationEmail], reason: string): Promise<void> {
    this.undone.push(`${payload.userId}: ${reason}`);
    if (payload.userId === 'broken') throw new Error('clean-up failed');
  }
}

@Injectable()
class SecondCleanUp {
  @OnJobFailed(JobName.SendVerificationEmail)
  async undo(): Promise<void> {}
}

/** Handles every other job, so the completeness check still passes as job names are added. */
@Injectable()
class OtherHandlers {}
for (const name of Object.values(JobName).filter((job) => !FIXTURE_JOBS.includes(job))) {
  const key = `handle:${name}`;
  const descriptor = { value: async (): Promise<void> => undefined, writable: true };
  Object.defineProperty(OtherHandlers.prototype, key, descriptor);
  OnJob(name)(OtherHandlers.prototype, key, descriptor);
}

async function registryWith(
  providers: Parameters<typeof Test.createTestingModule>[0]['providers'],
) {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobHandlerRegistry, ...(providers ?? [])],
  }).compile();
  return { module, registry: module.get(JobHandlerRegistry) };
}

describe('JobHandlerRegistry', () => {
  it('dispatches each job to its handler, on the provider instance', async () => {
    // An alias of a provider is the same instance: its handlers are not counted twice.
    const { module, registry } = await registryWith([
      MailHandlers,
      MaintenanceHandlers,
      OtherHandlers,
      { provide: 'mail-alias', useExisting: MailHandlers },
    ]);
    const dispatch = registry.resolve();

    await dispatch(JobName.SendPasswordResetEmail, { userId: 'u-2' });
    await dispatch(JobName.SendVerificationEmail, { userId: 'u-1' });

    expect(module.get(MailHandlers).received).toEqual(['reset:u-2', 'verify:u-1']);
    await expect(dispatch(JobName.PurgeExpiredAuthRecords, {})).rejects.toThrow('purge failed');
    await expect(dispatch('accounts.no-such-job', {})).rejects.toThrow(
      'No handler for job "accounts.no-such-job"',
    );
  });

  it('refuses to resolve when a job has no handler', async () => {
    const { registry } = await registryWith([MailHandlers, OtherHandlers]);
    expect(() => registry.resolve()).toThrow(
      `no handler for job "${JobName.PurgeExpiredAuthRecords}"`,
    );
  });

  it('runs the failure handler of a job, swallowing its own failure, and nothing for others', async () => {
    const { module, registry } = await registryWith([CleanUp]);
    const failed = registry.resolveFailures();

    await failed(JobName.SendVerificationEmail, { userId: 'u-1' }, 'out of attempts');
    await failed(JobName.SendVerificationEmail, { userId: 'broken' }, 'interrupted');
    await failed(JobName.SendPasswordResetEmail, { userId: 'u-2' }, 'no handler: ignored');

    expect(module.get(CleanUp).undone).toEqual(['u-1: out of attempts', 'broken: interrupted']);
  });

  it('refuses two failure handlers for one job', async () => {
    const { registry } = await registryWith([CleanUp, SecondCleanUp]);
    expect(() => registry.resolveFailures()).toThrow(/already handled by CleanUp\.undo/);
  });
});
