/** One household the user belongs to, as `GET /api/v1/me` shows it. */
export interface Membership {
  householdId: string;
  slug: string;
  name: string;
  role: string;
  /** Set once the household was marked moved: its new address. */
  movedTo?: string;
}

/**
 * Port: the households a user belongs to. Accounts does not know households; the households
 * library implements this and passes it to `AccountsModule.forRoot({ membershipDirectory })`.
 * The default knows no households.
 */
export abstract class MembershipDirectory {
  abstract forUser(userId: string): Promise<Membership[]>;
}
