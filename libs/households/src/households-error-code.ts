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
  /** 400: the name is empty after trimming or longer than 100 characters. */
  InvalidName = 'INVALID_HOUSEHOLD_NAME',
  /** 410: the invite expired (7 days). */
  InviteExpired = 'INVITE_EXPIRED',
  /** 410: the invite was revoked or replaced by a resend. */
  InviteRevoked = 'INVITE_REVOKED',
  /** 409: the invite was already accepted. */
  InviteUsed = 'INVITE_USED',
  /** 400: no invite has this token. */
  InviteInvalid = 'INVITE_INVALID',
  /** 404: no pending invite with this id in this household. */
  InviteNotFound = 'INVITE_NOT_FOUND',
  /** 403: the invite is for another email address, or that address is not verified. */
  InviteEmailMismatch = 'INVITE_EMAIL_MISMATCH',
  /** 409: the person is already a member of the household (or already has a pending invite). */
  AlreadyMember = 'ALREADY_MEMBER',
  /** 409: the household has no seat left for another member. */
  SeatLimit = 'SEAT_LIMIT',
  /** 403: the role asked for is above the caller's own. */
  RoleTooHigh = 'ROLE_TOO_HIGH',
  /** 404: no member with this user id in this household. */
  MemberNotFound = 'MEMBER_NOT_FOUND',
  /** 409: the household would be left without an owner. */
  LastOwner = 'LAST_OWNER',
  /** 403: the password given to confirm deletion is wrong. */
  PasswordIncorrect = 'PASSWORD_INCORRECT',
  /** 409: the household is not pending deletion (nothing to cancel). */
  NotPendingDeletion = 'HOUSEHOLD_NOT_PENDING_DELETION',
  /** 403: only an instance administrator may do this. */
  NotInstanceAdmin = 'NOT_INSTANCE_ADMIN',
}
