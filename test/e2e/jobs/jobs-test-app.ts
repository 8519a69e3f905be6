import { DynamicModule, Provider } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, FoyerConfig } from '@foyer/core';
import { JobQueue, JobsModule, JobsTuning } from '@foyer/jobs';

/** Short delays so that retries and polls take milliseconds, not the production seconds. */
export const TEST_TUNING: Partial<JobsTuning> = {
  retryBaseDelayMs: 20,
  pollIntervalMs: 50,
  shutdownGraceMs: 5_000,
};

export interface JobsTestApp {
  module: TestingModule;
  queue: JobQueue;
  close(): Promise<void>;
}

/**
 * A tiny Nest application holding the jobs module as an app would: the config, the database
 * connection the driver needs (as the application role), and the handlers.
 */
export async function startJobsApp(options: {
  config: FoyerConfig;
  imports?: DynamicModule[];
  consume: boolean;
  providers?: Provider[];
}): Promise<JobsTestApp> {
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(options.config),
      ...(options.imports ?? []),
      JobsModule.forRoot({ consume: options.consume, tuning: TEST_TUNING }),
    ],
    providers: options.providers ?? [],
  }).compile();
  try {
    await module.init();
  } catch (error) {
    await module.close();
    throw error;
  }
  return { module, queue: module.get(JobQueue), close: () => module.close() };
}
