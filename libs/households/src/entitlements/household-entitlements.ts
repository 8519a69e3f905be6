/**
 * Port: what a household's plan allows. Only seats for now; billing implements it (quota, plan
 * features) once it lands, and replaces the provider. Until then every household is unlimited.
 */
export abstract class HouseholdEntitlements {
  /**
   * How many people the household may hold: members plus pending invites. Null means no limit.
   */
  abstract seatLimit(householdId: string): Promise<number | null>;
}
