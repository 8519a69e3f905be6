export { JobsModule } from './jobs.module';
export type { JobsModuleOptions } from './jobs.module';
export { JobQueue } from './job-queue';
export type { EnqueueOptions, JobState } from './job-queue';
export { JobName, QueueName, QUEUE_OF_JOB } from './job-name';
export type { JobPayloads } from './job-name';
