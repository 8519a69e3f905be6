declare const householdIdBrand: unique symbol;

/**
 * A household's id, as the type system demands it for tenant work: a plain string does not fit,
 * so a tenant query cannot be written without saying whose rows it is for.
 */
export type HouseholdId = string & { readonly [householdIdBrand]: true };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isHouseholdId(value: string): value is HouseholdId {
  return UUID.test(value);
}

export function toHouseholdId(value: string): HouseholdId {
  if (!isHouseholdId(value)) throw new TypeError(`Not a household id: ${value}`);
  return value.toLowerCase() as HouseholdId;
}
