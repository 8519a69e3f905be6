/** How long an invite's link works, counted from its creation or its latest resend. */
export const INVITE_LIFETIME_DAYS = 7;

export function inviteExpiryFrom(now: Date): Date {
  return new Date(now.getTime() + INVITE_LIFETIME_DAYS * 24 * 3600_000);
}
