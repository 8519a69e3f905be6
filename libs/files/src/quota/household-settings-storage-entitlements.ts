import { Inject, Injectable, Optional } from '@nestjs/common';
import { ENTITLEMENTS_OVERRIDE, HouseholdEntitlements } from '@foyer/households';
import { HouseholdFilesSettingsRepository } from '../repositories/household-files-settings.repository';
import { StorageEntitlements } from './storage-entitlements';

/**
 * The quota of a household: `settings.storageQuotaBytes` when an operator (or a test) set one;
 * else the plan's, when billing plugs its entitlements into the households library
 * (ENTITLEMENTS_OVERRIDE); else none (self-hosting: unlimited).
 */
@Injectable()
export class HouseholdSettingsStorageEntitlements extends StorageEntitlements {
  constructor(
    private readonly settings: HouseholdFilesSettingsRepository,
    @Optional()
    @Inject(ENTITLEMENTS_OVERRIDE)
    private readonly plan?: HouseholdEntitlements,
  ) {
    super();
  }

  async quotaBytes(householdId: string): Promise<number | null> {
    const override = await this.settings.quotaOverride(householdId);
    if (override !== null) return override;
    return this.plan ? this.plan.storageQuotaBytes(householdId) : null;
  }
}
