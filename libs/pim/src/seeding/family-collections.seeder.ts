import { Injectable } from '@nestjs/common';
import { HouseholdId } from '@foyer/core';
import { HouseholdSeeder } from '@foyer/households';
import { PimCollectionRepository } from '../repositories/pim-collection.repository';

/** The URL name of the household's shared calendar and address book. */
export const FAMILY_COLLECTION_NAME = 'family';

/**
 * Gives a new household its shared "Family" calendar and "Family" address book. Idempotent: an
 * existing collection of that name (an earlier run, or one renamed since) is left alone.
 */
@Injectable()
export class FamilyCollectionsSeeder extends HouseholdSeeder {
  constructor(private readonly collections: PimCollectionRepository) {
    super();
  }

  async seed(householdId: HouseholdId): Promise<void> {
    const shared = { ownerUserId: null, sharedWithHousehold: false, description: '', color: null };
    await this.collections.insert(householdId, {
      ...shared,
      kind: 'calendar',
      name: FAMILY_COLLECTION_NAME,
      displayName: 'Family',
      components: ['VEVENT', 'VTODO'],
    });
    await this.collections.insert(householdId, {
      ...shared,
      kind: 'addressbook',
      name: FAMILY_COLLECTION_NAME,
      displayName: 'Family',
      components: [],
    });
  }
}
