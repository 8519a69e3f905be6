import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { FoyerConfig } from '@foyer/core';
import { DataSource } from 'typeorm';
import { BullJobConsumer } from './bull-job-consumer';
import { BullJobQueue } from './bull-job-queue';
import { JobConsumer } from './job-consumer';
import { JobHandlerRegistry } from './job-handler-registry';
import { JobQueue } from './job-queue';
import { DEFAULT_JOBS_TUNING, JOBS_TUNING, JobsModuleOptions, JobsTuning } from './jobs-options';
import { JobsLifecycle } from './jobs-lifecycle';
import { PostgresJobConsumer } from './postgres-job-consumer';
import { PostgresJobQueue } from './postgres-job-queue';
import { RecurringJobScheduler } from './recurring-job-scheduler';

function requireDataSource(dataSource: DataSource | undefined): DataSource {
  if (!dataSource) {
    throw new Error(
      'The in-process job queue keeps its jobs in PostgreSQL: import the database module',
    );
  }
  return dataSource;
}

function createJobQueue(
  config: FoyerConfig,
  tuning: JobsTuning,
  dataSource?: DataSource,
): JobQueue {
  return config.queue.kind === 'bull'
    ? new BullJobQueue(config.queue, tuning)
    : new PostgresJobQueue(requireDataSource(dataSource), tuning.defaultAttempts);
}

function createJobConsumer(
  queue: JobQueue,
  tuning: JobsTuning,
  dataSource?: DataSource,
): JobConsumer {
  if (queue instanceof BullJobQueue) return new BullJobConsumer(queue, tuning);
  if (queue instanceof PostgresJobQueue)
    return new PostgresJobConsumer(requireDataSource(dataSource), queue, tuning);
  throw new Error(`No consumer for the job queue driver ${queue.constructor.name}`);
}

/**
 * The job queue port (`JobQueue`), with the driver chosen by configuration: Bull on Redis when
 * REDIS_URL is set, the PostgreSQL-backed queue otherwise. With `consume: true` the process also
 * runs the `@OnJob` handlers of every library, and refuses to boot unless each job name has one.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    const dataSource = { token: getDataSourceToken(), optional: true };
    const providers: Provider[] = [
      { provide: JOBS_TUNING, useValue: { ...DEFAULT_JOBS_TUNING, ...options.tuning } },
      {
        provide: JobQueue,
        useFactory: createJobQueue,
        inject: [FoyerConfig, JOBS_TUNING, dataSource],
      },
      JobHandlerRegistry,
      JobsLifecycle,
      RecurringJobScheduler,
    ];
    if (options.consume) {
      providers.push({
        provide: JobConsumer,
        useFactory: createJobConsumer,
        inject: [JobQueue, JOBS_TUNING, dataSource],
      });
    }
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers,
      exports: [JobQueue, RecurringJobScheduler],
    };
  }
}
