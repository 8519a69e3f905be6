/** Refusals of the exports library, with their HTTP status. */
export enum ExportsErrorCode {
  /** 404: no such export in this household (or it is another member's, for a member). */
  NotFound = 'EXPORT_NOT_FOUND',
  /** 409: the archive is not ready yet (queued, running or failed), so it cannot be downloaded. */
  NotReady = 'EXPORT_NOT_READY',
  /** 410: the archive expired (FOYER_EXPORT_TTL_DAYS) and was deleted; ask for a new export. */
  Expired = 'EXPORT_EXPIRED',
  /** 416: the range starts past the end of the archive. */
  RangeNotSatisfiable = 'EXPORT_RANGE_NOT_SATISFIABLE',
  /** 404 (CLI and writer): no household with that id or slug. */
  HouseholdNotFound = 'EXPORT_HOUSEHOLD_NOT_FOUND',
  /** 500: a section handed the writer an entry path a ZIP cannot carry, or one twice. */
  InvalidEntry = 'EXPORT_INVALID_ENTRY',
}
