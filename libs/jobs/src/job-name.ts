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
  /** Payload `{ userId }`: tell the owner that someone tried to sign up with their address. */
  SendSignupAttemptEmail = 'accounts.send-signup-attempt-email',
  /**
   * Payload `{ userId, householdId, movedBy, source }`: a member whose account an import created
   * learns where their household went, with a seven-day link to choose a password.
   */
  SendMovedInEmail = 'accounts.send-moved-in-email',
  /** Payload `{ userId }`: mail the account's pending new address a link that confirms it. */
  SendEmailChangeEmail = 'accounts.send-email-change-email',
  /** No payload: delete expired sessions, tokens and rate-limit windows. */
  PurgeExpiredAuthRecords = 'accounts.purge-expired-auth-records',
  /** Payload `{ inviteId }`: issue the invite's token (replacing any earlier one) and mail the link. */
  SendInviteEmail = 'households.send-invite-email',
  /** Payload `{ householdId }`: bucket, data key, default content, then status `active`. */
  ProvisionHousehold = 'households.provision',
  /** No payload: queue provisioning again for households stuck in `provisioning`. */
  ReprovisionStaleHouseholds = 'households.reprovision-stale',
  /** Payload `{ householdId, requestedBy }`: tell every owner that deletion was asked for. */
  SendHouseholdDeletionNotice = 'households.send-deletion-notice',
  /** No payload: queue a purge for each household whose grace period has ended. */
  PurgeDueHouseholds = 'households.purge-due',
  /** Payload `{ householdId }`: delete the household's bucket, data key and every row. */
  PurgeHousehold = 'households.purge',
  /** No payload, hourly: remove blobs no file refers to, older than an hour, in every household. */
  CollectOrphanBlobs = 'files.collect-orphans',
  /** Payload `{ eventId }`: apply a verified, recorded Stripe event (once; a replay is a no-op). */
  ProcessStripeEvent = 'billing.process-stripe-event',
  /** Payload `{ householdId, notice }`: mail the owners about their subscription (dunning, trial). */
  SendBillingNotice = 'billing.send-notice',
  /** Payload `{ importId }`: validate an archive, then restore it into a new household. */
  ImportHousehold = 'imports.import-household',
  /** Payload `{ householdId, exportId }`: write the archive into the household's bucket. */
  ExportHousehold = 'exports.export-household',
  /** Payload `{ householdId, exportId }`: tell the requester their archive is ready. */
  SendExportReadyEmail = 'exports.send-ready-email',
  /** No payload, hourly: delete the archives past FOYER_EXPORT_TTL_DAYS in every household. */
  ExpireExports = 'exports.expire',
  /** No payload: encrypt, household by household, the objects stored before encryption. */
  EncryptStoredObjects = 'households.encrypt-stored-objects',
}

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.ExportHousehold]: QueueName.Exports,
  [JobName.SendExportReadyEmail]: QueueName.Mail,
  [JobName.ExpireExports]: QueueName.Maintenance,
  [JobName.SendVerificationEmail]: QueueName.Mail,
  [JobName.SendPasswordResetEmail]: QueueName.Mail,
  [JobName.SendSignupAttemptEmail]: QueueName.Mail,
  [JobName.SendMovedInEmail]: QueueName.Mail,
  [JobName.SendEmailChangeEmail]: QueueName.Mail,
  [JobName.PurgeExpiredAuthRecords]: QueueName.Maintenance,
  [JobName.SendInviteEmail]: QueueName.Mail,
  [JobName.ProvisionHousehold]: QueueName.Provisioning,
  [JobName.ReprovisionStaleHouseholds]: QueueName.Maintenance,
  [JobName.SendHouseholdDeletionNotice]: QueueName.Mail,
  [JobName.PurgeDueHouseholds]: QueueName.Maintenance,
  [JobName.PurgeHousehold]: QueueName.Maintenance,
  [JobName.CollectOrphanBlobs]: QueueName.Maintenance,
  [JobName.ProcessStripeEvent]: QueueName.Billing,
  [JobName.SendBillingNotice]: QueueName.Billing,
  [JobName.ImportHousehold]: QueueName.Imports,
  [JobName.EncryptStoredObjects]: QueueName.Maintenance,
};

/** What each job carries: ids only, never secrets or content. */
export interface JobPayloads {
  [JobName.ExportHousehold]: { householdId: string; exportId: string };
  [JobName.SendExportReadyEmail]: { householdId: string; exportId: string };
  [JobName.ExpireExports]: Record<string, never>;
  [JobName.SendVerificationEmail]: { userId: string };
  [JobName.SendPasswordResetEmail]: { userId: string };
  [JobName.SendSignupAttemptEmail]: { userId: string };
  /** `source`: the address of the Foyer it came from, when known (`foyer migrate`). */
  [JobName.SendMovedInEmail]: {
    userId: string;
    householdId: string;
    movedBy: string | null;
    source: string | null;
  };
  [JobName.SendEmailChangeEmail]: { userId: string };
  [JobName.PurgeExpiredAuthRecords]: Record<string, never>;
  [JobName.SendInviteEmail]: { inviteId: string };
  [JobName.ProvisionHousehold]: { householdId: string };
  [JobName.ReprovisionStaleHouseholds]: Record<string, never>;
  [JobName.SendHouseholdDeletionNotice]: { householdId: string; requestedBy: string };
  [JobName.PurgeDueHouseholds]: Record<string, never>;
  [JobName.PurgeHousehold]: { householdId: string };
  [JobName.CollectOrphanBlobs]: Record<string, never>;
  [JobName.ProcessStripeEvent]: { eventId: string };
  [JobName.SendBillingNotice]: {
    householdId: string;
    notice: 'payment_failed' | 'trial_will_end';
  };
  [JobName.ImportHousehold]: { importId: string };
  [JobName.EncryptStoredObjects]: Record<string, never>;
}
