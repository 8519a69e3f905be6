/** Refusals of the households library. Statuses are given beside each code. */
export enum HouseholdsErrorCode {
  /** 404: no such household, or the caller is not a member (the two are never told apart). */
  NotFound = 'HOUSEHOLD_NOT_FOUND',
  /** 403: the caller's role in this household does not allow it (docs/roles.md). */
  PermissionDenied = 'HOUSEHOLD_PERMISSION_DENIED',
  /** 403: creating a household needs a verified email. */
  EmailNotVerified = 'EMAIL_NOT_VERIFIED',
  /** 409: the household is suspended or pending deletion: reads and exports only. */
  ReadOnly = 'HOUSEHOLD_READ_ONLY',
  /** 409: the household is still being provisioned. */
  NotReady = 'HOUSEHOLD_NOT_READY',
  /** 409: the slug belongs to another household. */
  SlugTaken = 'SLUG_TAKEN',
  /** 400: the slug is not 1–48 lower-case letters, digits and inner hyphens, or is reserved. */
  InvalidSlug = 'INVALID_SLUG',
  /** 400: the name is empty after trimming, longer than 100 characters, or has control characters. */
  InvalidName = 'INVALID_HOUSEHOLD_NAME',
  /**
   * 503: the household could not be queued for provisioning; nothing was kept, try again.
   * Thrown by `POST /api/v1/households` when the job queue refuses the job.
   */
  ProvisioningUnavailable = 'PROVISIONING_UNAVAILABLE',
  /** 410: the invite expired (7 days after it was created or last resent). */
  InviteExpired = 'INVITE_EXPIRED',
  /** 410: the invite was revoked. */
  InviteRevoked = 'INVITE_REVOKED',
  /** 409: the invite was already accepted. */
  InviteUsed = 'INVITE_USED',
  /**
   * 400: no invite has this token: unknown, or the link of an earlier mail of an invite that was
   * resent since (a resend replaces the token; the invite's id is kept, the old token is not).
   */
  InviteInvalid = 'INVITE_INVALID',
  /** 404: no open (neither accepted nor revoked) invite with this id in this household. */
  InviteNotFound = 'INVITE_NOT_FOUND',
  /** 403: the invite is for another email address (an unverified one gets EMAIL_NOT_VERIFIED). */
  InviteEmailMismatch = 'INVITE_EMAIL_MISMATCH',
  /**
   * 409: the person is already a member of the household. (Inviting an email that has an open
   * invite is not refused: that invite is sent again.)
   */
  AlreadyMember = 'ALREADY_MEMBER',
  /** 409: the household has no seat left: members plus pending invites fill its entitlement. */
  SeatLimit = 'SEAT_LIMIT',
  /** 403: the role asked for, or the role of the invite being managed, is above the caller's own. */
  RoleTooHigh = 'ROLE_TOO_HIGH',
  /** 404: no member with this user id in this household. */
  MemberNotFound = 'MEMBER_NOT_FOUND',
  /** 409: the household would be left without an owner. */
  LastOwner = 'LAST_OWNER',
  /** 400: transferring ownership to oneself (the caller is an owner already). */
  TransferToSelf = 'OWNERSHIP_TRANSFER_TO_SELF',
  /** 403: the password given to confirm deletion is wrong. */
  PasswordIncorrect = 'PASSWORD_INCORRECT',
  /** 409: the household is not pending deletion (nothing to cancel). */
  NotPendingDeletion = 'HOUSEHOLD_NOT_PENDING_DELETION',
  /** 403: only an instance administrator may do this. */
  NotInstanceAdmin = 'NOT_INSTANCE_ADMIN',
  /** 409: only an active household can be suspended (not one provisioning, suspended or being deleted). */
  NotActive = 'HOUSEHOLD_NOT_ACTIVE',
  /** 409: the household is not suspended (nothing to unsuspend). */
  NotSuspended = 'HOUSEHOLD_NOT_SUSPENDED',
  /**
   * 401: the migration token is unknown (never issued, mistyped, or of another Foyer). Thrown by
   * MigrationTokenAuthenticator on every route that accepts migration tokens.
   */
  MigrationTokenInvalid = 'MIGRATION_TOKEN_INVALID',
  /** 401: the migration token is older than 24 hours; the owner creates a new one. */
  MigrationTokenExpired = 'MIGRATION_TOKEN_EXPIRED',
  /** 401: an owner revoked the migration token. */
  MigrationTokenRevoked = 'MIGRATION_TOKEN_REVOKED',
  /** 404: no migration token with this id in this household, or it was revoked already. */
  MigrationTokenNotFound = 'MIGRATION_TOKEN_NOT_FOUND',
  /**
   * 409: a migration token may mark the household moved only once the export was downloaded
   * with it (the target has something to import); an owner may mark it moved at any time.
   */
  MigrationNotExported = 'MIGRATION_NOT_EXPORTED',
  /** 409: the household was marked moved to another address already (undo it first). */
  AlreadyMoved = 'HOUSEHOLD_ALREADY_MOVED',
  /** 409: the household is not marked moved (nothing to undo). */
  NotMoved = 'HOUSEHOLD_NOT_MOVED',
}
