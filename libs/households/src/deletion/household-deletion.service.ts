import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '@foyer/accounts';
import { PasswordConfirmation } from '@foyer/accounts';
import { FoyerConfig, FoyerError, HouseholdScope, toHouseholdId } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { HouseholdAccess } from '../access/household-access';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdStatus } from '../household-status';
import { HouseholdsErrorCode } from '../households-error-code';
import { HouseholdLifecycleRepository } from '../repositories/household-lifecycle.repository';
import { HouseholdRepository } from '../repositories/household.repository';

/**
 * An owner deletes a household: it turns read-only for FOYER_DELETION_GRACE_DAYS, during which
 * any owner can cancel; then the purge job deletes everything (HouseholdPurger).
 */
@Injectable()
export class HouseholdDeletionService {
  private readonly logger = new Logger(HouseholdDeletionService.name);

  constructor(
    private readonly access: HouseholdAccessService,
    private readonly lifecycle: HouseholdLifecycleRepository,
    private readonly households: HouseholdRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
    private readonly passwords: PasswordConfirmation,
    private readonly jobs: JobQueue,
    private readonly config: FoyerConfig,
  ) {}

  /**
   * Refusals, in this order: 404 HOUSEHOLD_NOT_FOUND (not a member), 403
   * HOUSEHOLD_PERMISSION_DENIED (not an owner), 409 HOUSEHOLD_NOT_READY (still provisioning), 409
   * HOUSEHOLD_READ_ONLY (suspended, or already pending deletion), 403 PASSWORD_INCORRECT, 429
   * RATE_LIMITED (too many wrong passwords for the account).
   */
  async request(
    user: AuthenticatedUser,
    hid: string,
    password: string,
    ip: string | null,
  ): Promise<{ purgeAfter: Date }> {
    const access = await this.access.require(user.id, hid, HouseholdPermission.Delete);
    this.assertDeletable(access);
    if (!(await this.passwords.confirm(user.id, password))) {
      throw new FoyerError(403, HouseholdsErrorCode.PasswordIncorrect, 'The password is wrong');
    }
    const householdId = toHouseholdId(access.household.id);
    // The status change and its audit entry commit together, or neither does.
    const purgeAfter = await this.scope.run(householdId, async ({ manager }) => {
      const scheduled = await this.lifecycle.requestDeletion(
        householdId,
        this.config.deletionGraceDays,
        manager,
      );
      if (scheduled) {
        await this.audit.append(householdId, {
          actorUserId: user.id,
          action: 'household.deletion-requested',
          target: access.household.slug,
          details: { purgeAfter: scheduled.toISOString() },
          ip,
        });
      }
      return scheduled;
    });
    if (!purgeAfter) {
      // Suspended or deleted by someone else since it was read: report what it is now.
      const now = await this.households.findById(householdId);
      if (!now) throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
      this.assertDeletable({ ...access, household: now });
      throw new FoyerError(
        409,
        HouseholdsErrorCode.ReadOnly,
        'The household changed while this request ran; try again',
      );
    }
    await this.notifyOwners(householdId, user.id);
    return { purgeAfter };
  }

  /** 409 HOUSEHOLD_NOT_PENDING_DELETION when there is nothing to cancel (or the purge began). */
  async cancel(user: AuthenticatedUser, hid: string, ip: string | null): Promise<void> {
    const access = await this.access.require(user.id, hid, HouseholdPermission.Delete);
    const householdId = toHouseholdId(access.household.id);
    const cancelled = await this.scope.run(householdId, async ({ manager }) => {
      if (!(await this.lifecycle.cancelDeletion(householdId, manager))) return false;
      await this.audit.append(householdId, {
        actorUserId: user.id,
        action: 'household.deletion-cancelled',
        target: access.household.slug,
        ip,
      });
      return true;
    });
    if (!cancelled) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.NotPendingDeletion,
        'This household is not pending deletion',
      );
    }
  }

  /**
   * Only an active household can be deleted (a suspended one stays suspended); one marked moved
   * can, since deleting the old copy is what its owners are offered after a move.
   */
  private assertDeletable(access: HouseholdAccess): void {
    if (access.household.status === HouseholdStatus.Provisioning) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.NotReady,
        'This household is still being set up; try again in a moment',
      );
    }
    this.access.assertWritable(access, { evenIfMoved: true });
  }

  /**
   * The mail goes out through a job, after the commit. Failing to queue it does not undo the
   * deletion request (which is what the owner asked for); it is logged for the operator.
   */
  private async notifyOwners(householdId: string, requestedBy: string): Promise<void> {
    try {
      await this.jobs.enqueue(JobName.SendHouseholdDeletionNotice, { householdId, requestedBy });
    } catch (error) {
      this.logger.warn(
        { err: error, householdId },
        'Could not queue the mail telling the owners about a deletion request',
      );
    }
  }
}
