/**
 * Port: what a household's plan allows. Billing implements it (plans, quota, seats) when it is
 * on, through ENTITLEMENTS_OVERRIDE; without billing every household is unlimited.
 */
export abstract class HouseholdEntitlements {
  /**
   * How many people the household may hold: members plus pending invites. Null means no limit.
   */
  abstract seatLimit(householdId: string): Promise<number | null>;

  /** How many bytes the household may store. Null means no limit. */
  abstract storageQuotaBytes(householdId: string): Promise<number | null>;

  /** The plan's id and name, for information (the export's household.json); null: no plans. */
  async planOf(_householdId: string): Promise<{ id: string; name: string } | null> {
    return null;
  }
}
