/**
 * The one table of jobs: every job name, the queue it runs on, and (by the `@OnJob` decorator in
 * the owning library) its handler. A name without a handler stops a consuming process at boot.
 */
export enum QueueName {
  Provisioning = 'provisioning',
  Exports = 'exports',
  Imports = 'imports',
  Mail = 'mail',
  Maintenance = 'maintenance',
  Billing = 'billing',
}

export enum JobName {
  /** Payload `{ userId }`: issue a fresh verification token and mail the link. */
  SendVerificationEmail = 'accounts.send-verification-email',
  /** Payload `{ userId }`: issue a fresh one-hour reset token and mail the link. */
  SendPasswordResetEmail = 'accounts.send-password-reset-email',
  /** No payload: delete expired sessions, tokens and rate-limit windows. */
  PurgeExpiredAuthRecords = 'accounts.purge-expired-auth-records',
}

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.SendVerificationEmail]: QueueName.Mail,
  [JobName.SendPasswordResetEmail]: QueueName.Mail,
  [JobName.PurgeExpiredAuthRecords]: QueueName.Maintenance,
};

/** What each job carries: ids only, never secrets or content. */
export interface JobPayloads {
  [JobName.SendVerificationEmail]: { userId: string };
  [JobName.SendPasswordResetEmail]: { userId: string };
  [JobName.PurgeExpiredAuthRecords]: Record<string, never>;
}
