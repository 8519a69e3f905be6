/** Where a household is in its life. */
export enum HouseholdStatus {
  /** Created; the provisioning job has not finished (bucket, data key, default content). */
  Provisioning = 'provisioning',
  Active = 'active',
  /** Stopped by an instance administrator: read-only, export still works. */
  Suspended = 'suspended',
  /** An owner asked for deletion: read-only until the grace period ends or an owner cancels. */
  PendingDeletion = 'pending_deletion',
  /** The purge job is deleting everything. */
  Purging = 'purging',
}

/** Statuses in which the household's data may be read but not changed. */
export const READ_ONLY_STATUSES: readonly HouseholdStatus[] = [
  HouseholdStatus.Suspended,
  HouseholdStatus.PendingDeletion,
  HouseholdStatus.Purging,
];
