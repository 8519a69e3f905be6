/**
 * Every refusal of the accounts library, with the HTTP status it is sent with. Messages are for
 * people; these codes are for programs and never change meaning.
 */
export enum AccountsErrorCode {
  /**
   * 409 — an email change to an address another account already has (the signed-in owner is told;
   * sign-up never says it: it answers as for a new address and mails the owner).
   */
  EmailTaken = 'EMAIL_TAKEN',
  /**
   * 400 — an email address with invisible or control characters (zero-width spaces, bidi
   * controls, ...), or that is not shaped like an address once normalised.
   */
  InvalidEmail = 'INVALID_EMAIL',
  /** 400 — the password has fewer than 10 characters (counted in Unicode code points). */
  PasswordTooShort = 'PASSWORD_TOO_SHORT',
  /** 400 — the password has more than 1024 characters (bounds the cost of hashing). */
  PasswordTooLong = 'PASSWORD_TOO_LONG',
  /** 400 — the password is in the list of common passwords (compared lower-cased). */
  PasswordTooCommon = 'PASSWORD_TOO_COMMON',
  /** 403 — FOYER_SIGNUP=closed and the instance already has its first account. */
  SignupClosed = 'SIGNUP_CLOSED',
  /** 403 — FOYER_SIGNUP=invite and the signup carries no valid invite. */
  SignupInviteRequired = 'SIGNUP_INVITE_REQUIRED',
  /**
   * 401 — login with an unknown email or a wrong password: one code, one message and a similar
   * time for both, so a login never reveals whether an email has an account.
   */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  /** 403 — a password change whose current password is wrong (the session stays valid). */
  CurrentPasswordIncorrect = 'CURRENT_PASSWORD_INCORRECT',
  /** 400 — an emailed token that does not exist or is not meant for this action. */
  TokenInvalid = 'TOKEN_INVALID',
  /** 410 — an emailed token past its expiry (48 hours to verify, 1 hour to reset); ask again. */
  TokenExpired = 'TOKEN_EXPIRED',
  /** 410 — an emailed token that has already been used (or was replaced by a later one). */
  TokenUsed = 'TOKEN_USED',
  /** 409 — asking for a verification mail when the email is verified already. */
  EmailAlreadyVerified = 'EMAIL_ALREADY_VERIFIED',
  /** 403 — the action needs a verified email (for example, creating a household). */
  EmailNotVerified = 'EMAIL_NOT_VERIFIED',
  /**
   * 403 — a request that changes something, signed in by the session cookie, from a page that is
   * not Foyer's own (its `Origin`, or `Referer`, is another origin): a cross-site request forgery.
   * Bearer tokens and DAV's Basic credentials are never sent by a browser on its own: not checked.
   */
  CrossOriginRequest = 'CROSS_ORIGIN_REQUEST',
  /** 404 — no active app password with this id among the caller's own. */
  AppPasswordNotFound = 'APP_PASSWORD_NOT_FOUND',
  /** 404 — `foyer admin grant|revoke` with an email that has no account here. */
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  /** 409 — revoking the last instance administrator: an instance always has one. */
  LastInstanceAdmin = 'LAST_INSTANCE_ADMIN',
  /** 400 — an email change to the address the account already has. */
  EmailUnchanged = 'EMAIL_UNCHANGED',
  /** 404 — no active session with this id among the caller's own. */
  SessionNotFound = 'SESSION_NOT_FOUND',
}
