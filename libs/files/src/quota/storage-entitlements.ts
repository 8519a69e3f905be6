/**
 * Port: how many bytes a household may store (null: no limit). The default provider reads the
 * household's settings, then billing's plan (see HouseholdSettingsStorageEntitlements); tests
 * and other deployments may provide their own.
 */
export abstract class StorageEntitlements {
  abstract quotaBytes(householdId: string): Promise<number | null>;
}
