/**
 * How many bytes each household stores, for the operator's list. A port: the files library,
 * which knows the sizes, supplies the real meter once files land; until then the placeholder
 * (NoStoredFilesUsageMeter) reports 0.
 */
export abstract class HouseholdUsageMeter {
  /** Bytes stored by each of the households, by id; a household not in the map uses 0. */
  abstract bytesUsed(householdIds: readonly string[]): Promise<Map<string, number>>;
}
