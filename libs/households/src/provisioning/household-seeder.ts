import { HouseholdId } from '@foyer/core';
import type { Language } from '@foyer/mail';

/** What a seeder may adapt its content to. */
export interface HouseholdSeedContext {
  /** The household creator's language: default content is named in it. */
  readonly language: Language;
}

/**
 * Port: creates a part of a new household's default content (the files library's folders; the
 * contacts issue's Family calendar and address book). Provisioning calls every seeder in order
 * and may call one again after a crash or a retry, so `seed` must be idempotent: a second call
 * adds nothing and does not fail.
 */
export abstract class HouseholdSeeder {
  abstract seed(householdId: HouseholdId, context: HouseholdSeedContext): Promise<void>;
}

/** Injection token of the ordered list of seeders (`HouseholdSeedersModule.forRoot`). */
export const HOUSEHOLD_SEEDERS = Symbol('HOUSEHOLD_SEEDERS');
