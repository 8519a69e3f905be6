/**
 * The fields actually given: a validated DTO instance carries every declared field, absent ones
 * as `undefined`, which must not override a default when spread.
 */
export function definedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
