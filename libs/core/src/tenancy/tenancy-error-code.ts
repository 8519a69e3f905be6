export enum TenancyErrorCode {
  /** Tenant work was attempted outside `HouseholdScope.run` (a programming error, never input). */
  ContextMissing = 'TENANCY_CONTEXT_MISSING',
  /** Work for one household was nested inside another's transaction. */
  ContextConflict = 'TENANCY_CONTEXT_CONFLICT',
}
