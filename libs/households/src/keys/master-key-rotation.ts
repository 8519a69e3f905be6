import { Injectable, Logger } from '@nestjs/common';
import { toHouseholdId } from '@foyer/core';
import { HouseholdKeyRepository } from './household-key.repository';
import { KeyVault } from './key-vault';
import { MasterKeyProvider } from './master-key-provider';

const PAGE = 200;

export interface RotationReport {
  /** Data keys rewrapped by the current master key in this run. */
  rewrapped: number;
  /** Data keys that were wrapped by it already. */
  alreadyCurrent: number;
  /** Whether Foyer made the new master key itself (the generated key of the embedded default). */
  generatedNewKey: boolean;
}

/**
 * `foyer keys rotate-master`: every household's data key rewrapped by the current master key,
 * the objects untouched (they are encrypted under the data keys, which do not change).
 *
 * With an operator's key (FOYER_MASTER_KEY or FOYER_MASTER_KEY_FILE), the new key is configured
 * first and the old one moved to FOYER_PREVIOUS_MASTER_KEYS; this rewraps what the old one
 * wrapped. With the generated key, this makes the new key itself. Each rewrap is one conditional
 * UPDATE, so a run that stops is simply run again.
 */
@Injectable()
export class MasterKeyRotation {
  private readonly logger = new Logger(MasterKeyRotation.name);

  constructor(
    private readonly masterKeys: MasterKeyProvider,
    private readonly vault: KeyVault,
    private readonly keys: HouseholdKeyRepository,
  ) {}

  async rotate(): Promise<RotationReport> {
    const report: RotationReport = { rewrapped: 0, alreadyCurrent: 0, generatedNewKey: false };
    if (this.masterKeys.generated) {
      await this.masterKeys.rotateGenerated();
      report.generatedNewKey = true;
    }
    let after: string | null = null;
    for (;;) {
      const page = await this.keys.pageWithKeys(after, PAGE);
      if (page.length === 0) break;
      for (const household of page) {
        if (await this.vault.isCurrent(household.wrappedDataKey)) {
          report.alreadyCurrent++;
          continue;
        }
        const id = toHouseholdId(household.id);
        const dataKey = await this.vault.unwrap(id, household.wrappedDataKey);
        // Another run, or a purge, changed it meanwhile: that one is not this run's to write.
        if (
          await this.keys.rewrap(id, household.wrappedDataKey, await this.vault.wrap(id, dataKey))
        )
          report.rewrapped++;
        dataKey.fill(0);
      }
      after = page[page.length - 1].id;
    }
    await this.masterKeys.dropPrevious();
    this.logger.log(report, 'Master key rotated: data keys rewrapped');
    return report;
  }
}
