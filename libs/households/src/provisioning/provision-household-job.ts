import { Injectable, Logger } from '@nestjs/common';
import { isHouseholdId, toHouseholdId } from '@foyer/core';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { HouseholdProvisioner } from './household-provisioner';

/** The `households.provision` job: queued by `POST /api/v1/households`, retried on failure. */
@Injectable()
export class ProvisionHouseholdJob {
  private readonly logger = new Logger(ProvisionHouseholdJob.name);

  constructor(private readonly provisioner: HouseholdProvisioner) {}

  @OnJob(JobName.ProvisionHousehold)
  async run(payload: JobPayloads[JobName.ProvisionHousehold]): Promise<void> {
    if (!isHouseholdId(payload.householdId)) {
      // No retry can make a malformed payload valid: record it and let the job end.
      this.logger.error(`Ignoring ${JobName.ProvisionHousehold} without a household id`);
      return;
    }
    await this.provisioner.provision(toHouseholdId(payload.householdId));
  }
}
