import { Inject, Injectable, Logger } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import { ObjectStorage } from '@foyer/storage';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdStatus } from '../household-status';
import { KeyVault } from '../keys/key-vault';
import { HouseholdRepository } from '../repositories/household.repository';
import { HouseholdProvisioningRepository } from '../repositories/household-provisioning.repository';
import { householdBucket } from './household-bucket';
import { HOUSEHOLD_SEEDERS, HouseholdSeeder } from './household-seeder';

/**
 * Turns a household in `provisioning` into an `active` one: its bucket, its data key, its default
 * content, then the status. Every step is idempotent on its own (the bucket is ensured, the key
 * is stored only while none is, seeders insert what is missing, the status moves only from
 * `provisioning`), so a worker killed anywhere in between and the retried job end with one
 * bucket, one key and one copy of each default folder.
 */
@Injectable()
export class HouseholdProvisioner {
  private readonly logger = new Logger(HouseholdProvisioner.name);

  constructor(
    private readonly households: HouseholdRepository,
    private readonly provisioning: HouseholdProvisioningRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
    private readonly storage: ObjectStorage,
    private readonly vault: KeyVault,
    @Inject(HOUSEHOLD_SEEDERS) private readonly seeders: readonly HouseholdSeeder[],
  ) {}

  async provision(householdId: HouseholdId): Promise<void> {
    const household = await this.households.findById(householdId);
    if (!household) {
      // Its creation was undone (the job could not be queued) or it was deleted: nothing to do.
      this.logger.warn(`Household ${householdId} no longer exists; nothing to provision`);
      return;
    }
    if (household.status !== HouseholdStatus.Provisioning) return;

    await this.ensureBucket(householdBucket(householdId));
    if (household.wrappedDataKey === null) {
      // Of two runs that both got here, the first UPDATE wins and the second stores nothing.
      const wrapped = await this.vault.wrap(householdId, this.vault.newDataKey());
      await this.provisioning.setWrappedDataKeyIfUnset(householdId, wrapped);
    }
    const context = { language: await this.households.creatorLanguage(householdId) };
    for (const seeder of this.seeders) await seeder.seed(householdId, context);

    await this.scope.run(householdId, async ({ manager }) => {
      if (await this.provisioning.activateIfProvisioning(householdId, manager)) {
        await this.audit.append(householdId, { actorUserId: null, action: 'household.activated' });
      }
    });
  }

  /**
   * Two runs at once (a retry overtaking a stalled attempt) can both find the bucket missing and
   * both create it; the loser's error is no failure when the bucket is there and reachable. Some
   * S3 servers answer that case with BucketAlreadyExists rather than BucketAlreadyOwnedByYou,
   * which the driver already accepts.
   */
  private async ensureBucket(bucket: string): Promise<void> {
    try {
      await this.storage.ensureBucket(bucket);
    } catch (error) {
      if (!(await this.storage.bucketExists(bucket).catch(() => false))) throw error;
    }
  }
}
