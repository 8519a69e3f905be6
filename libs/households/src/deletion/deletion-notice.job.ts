import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { HouseholdRole } from '../access/household-role';
import { HouseholdStatus } from '../household-status';
import { HouseholdRepository } from '../repositories/household.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { DeletionMailComposer } from './deletion-mail-composer';

/**
 * Mails every owner when a deletion is requested, so that an owner who did not ask for it (or
 * whose session was misused) learns of it in time to cancel. Skipped once the deletion was
 * cancelled or the household is gone. A retry may mail an owner twice, never none.
 */
@Injectable()
export class DeletionNoticeJob {
  constructor(
    private readonly households: HouseholdRepository,
    private readonly memberships: MembershipRepository,
    private readonly composer: DeletionMailComposer,
    private readonly mailer: Mailer,
  ) {}

  @OnJob(JobName.SendHouseholdDeletionNotice)
  async send(payload: JobPayloads[JobName.SendHouseholdDeletionNotice]): Promise<void> {
    const household = await this.households.findById(payload.householdId);
    if (household?.status !== HouseholdStatus.PendingDeletion || !household.purgeAfter) return;
    const members = await this.memberships.listMembers(household.id);
    const requester = members.find((member) => member.userId === payload.requestedBy);
    for (const owner of members.filter((member) => member.role === HouseholdRole.Owner)) {
      await this.mailer.send(
        this.composer.deletionRequested({
          to: owner,
          household,
          requestedBy: requester ? requester.displayName : null,
          purgeAfter: household.purgeAfter,
        }),
      );
    }
  }
}
