/** Why a household's data may be read and exported but not changed, as the refusal says it. */
export interface WriteRestrictionReason {
  /** The HTTP status of the refusal (409, or 402 when a payment would lift it). */
  status: number;
  /** The stable code of the refusal, from the library that restricts (e.g. billing's). */
  code: string;
  message: string;
}

/**
 * Port: restrictions on changing a household that come from outside its own status (billing:
 * over quota, payment required). HouseholdAccessService asks it when it resolves a household,
 * and `assertWritable` refuses with its reason; reads and exports never ask it. Without billing,
 * nothing is restricted.
 */
export abstract class WriteRestriction {
  abstract restrictionOf(householdId: string): Promise<WriteRestrictionReason | null>;
}
