import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@foyer/accounts';
import { FoyerError, HouseholdScope, isHouseholdId, toHouseholdId } from '@foyer/core';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdsErrorCode } from '../households-error-code';
import { HouseholdLifecycleRepository } from '../repositories/household-lifecycle.repository';
import {
  OperatorHouseholdRepository,
  OperatorHouseholdRow,
} from '../repositories/operator-household.repository';
import { HouseholdUsageMeter } from '../usage/household-usage-meter';
import { OperatorHouseholdResponse } from './operator-household-response.dto';

/**
 * The instance administrator's view of the households: list them, suspend and unsuspend. The
 * operator sees a household's standing, never its data; every refusal to anyone else is 403
 * NOT_INSTANCE_ADMIN, whatever the household.
 */
@Injectable()
export class OperatorService {
  constructor(
    private readonly households: OperatorHouseholdRepository,
    private readonly lifecycle: HouseholdLifecycleRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
    private readonly usage: HouseholdUsageMeter,
  ) {}

  async list(operator: AuthenticatedUser): Promise<OperatorHouseholdResponse[]> {
    this.assertInstanceAdmin(operator);
    const rows = await this.households.list();
    const usage = await this.usage.bytesUsed(rows.map((row) => row.id));
    return rows.map((row) => toResponse(row, usage.get(row.id) ?? 0));
  }

  /** Active → suspended (read-only, still exportable). 409 HOUSEHOLD_NOT_ACTIVE otherwise. */
  async suspend(
    operator: AuthenticatedUser,
    id: string,
    reason: string,
    ip: string | null,
  ): Promise<OperatorHouseholdResponse> {
    const householdId = await this.existing(operator, id);
    const suspended = await this.scope.run(householdId, async ({ manager }) => {
      if (!(await this.lifecycle.suspend(householdId, reason, manager))) return false;
      await this.audit.append(householdId, {
        actorUserId: operator.id,
        action: 'household.suspended',
        details: { reason },
        ip,
      });
      return true;
    });
    if (!suspended) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.NotActive,
        'Only an active household can be suspended',
      );
    }
    return this.view(householdId);
  }

  /** Suspended → active. 409 HOUSEHOLD_NOT_SUSPENDED otherwise. */
  async unsuspend(
    operator: AuthenticatedUser,
    id: string,
    ip: string | null,
  ): Promise<OperatorHouseholdResponse> {
    const householdId = await this.existing(operator, id);
    const unsuspended = await this.scope.run(householdId, async ({ manager }) => {
      if (!(await this.lifecycle.unsuspend(householdId, manager))) return false;
      await this.audit.append(householdId, {
        actorUserId: operator.id,
        action: 'household.unsuspended',
        ip,
      });
      return true;
    });
    if (!unsuspended) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.NotSuspended,
        'This household is not suspended',
      );
    }
    return this.view(householdId);
  }

  private assertInstanceAdmin(user: AuthenticatedUser): void {
    if (!user.isInstanceAdmin) {
      throw new FoyerError(
        403,
        HouseholdsErrorCode.NotInstanceAdmin,
        'Only an instance administrator may do this',
      );
    }
  }

  /** The operator addresses households by id only (slugs change). 404 for anything unknown. */
  private async existing(operator: AuthenticatedUser, id: string) {
    this.assertInstanceAdmin(operator);
    if (!isHouseholdId(id) || !(await this.households.find(id.toLowerCase()))) {
      throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
    }
    return toHouseholdId(id);
  }

  private async view(householdId: string): Promise<OperatorHouseholdResponse> {
    const row = await this.households.find(householdId);
    if (!row) throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
    const usage = await this.usage.bytesUsed([row.id]);
    return toResponse(row, usage.get(row.id) ?? 0);
  }
}

function toResponse(row: OperatorHouseholdRow, usageBytes: number): OperatorHouseholdResponse {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    createdAt: row.createdAt,
    members: row.members,
    usageBytes,
    suspendedReason: row.suspendedReason,
    suspendedAt: row.suspendedAt,
    purgeAfter: row.purgeAfter,
  };
}
