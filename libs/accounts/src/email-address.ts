import { FoyerError } from '@foyer/core';
import { AccountsErrorCode } from './accounts-error-code';

/**
 * Characters that do not show, or show as something else, in an address: controls, format
 * characters (zero-width spaces and joiners, bidi controls, soft hyphen, BOM), every kind of
 * space and line separator, private-use and lone surrogates, and whatever Unicode says to render
 * as nothing (variation selectors, fillers, tags). `mem@example.com` followed by a zero-width space would otherwise be a
 * second account that looks like the first, and mail servers may deliver both to one mailbox.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
/** One `@`, something on each side, a dot in the domain: the rest is the mail server's call. */
const SHAPE = /^[^@]+@[^@]+\.[^@]+$/;
/** RFC 5321's limit on a forward path. */
const MAX_LENGTH = 254;

/** The normal form, or null when the address holds something invisible or is not one. */
function normalized(raw: string): string | null {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > MAX_LENGTH || INVISIBLE.test(email) || !SHAPE.test(email)) return null;
  return email;
}

/** Whether `raw` is an address Foyer stores and mails (the test `normalizeEmail` applies). */
export function isAcceptableEmail(raw: string): boolean {
  return normalized(raw) !== null;
}

/**
 * The one form an email is stored, compared and mailed in: Unicode NFC, trimmed, lower-cased.
 * Every way an address enters (sign-up, sign-in, reset, invites, imports, app passwords) goes
 * through here, so that the address mailed is exactly the address stored. 400 INVALID_EMAIL for
 * an address with invisible or control characters.
 */
export function normalizeEmail(raw: string): string {
  const email = normalized(raw);
  if (email === null) {
    throw new FoyerError(
      400,
      AccountsErrorCode.InvalidEmail,
      'This email address holds characters that cannot be part of one',
    );
  }
  return email;
}
