export { JobsModule } from './jobs.module';
export type { JobsModuleOptions, JobsTuning } from './jobs-options';
export { JobQueue } from './job-queue';
export type { EnqueueOptions, JobState } from './job-queue';
export { JobName, QueueName, QUEUE_OF_JOB } from './job-name';
export type { JobPayloads } from './job-name';
export { OnJob, OnJobFailed } from './on-job.decorator';
export { RecurringJobScheduler } from './recurring-job-scheduler';
export type { RecurringJobName } from './recurring-job-scheduler';
