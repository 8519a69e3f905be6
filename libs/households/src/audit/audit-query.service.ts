import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { AuditEventResponse } from '../dto/audit-event-response.dto';
import { AUDIT_PAGE_DEFAULT } from '../dto/audit-query.dto';
import { AuditEventEntity } from '../entities/audit-event.entity';
import { AuditLogRepository } from './audit-log.repository';

export interface AuditPage {
  limit?: number;
  /** An event id (exact paging) or an ISO 8601 timestamp, validated by the DTO. */
  before?: string;
}

/** Reading a household's audit log (owners and admins), newest first. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly audit: AuditLogRepository,
  ) {}

  async list(userId: string, hid: string, page: AuditPage): Promise<AuditEventResponse[]> {
    const access = await this.access.require(userId, hid, HouseholdPermission.ViewAudit);
    const householdId = this.access.householdId(access);
    const limit = page.limit ?? AUDIT_PAGE_DEFAULT;
    const events =
      page.before === undefined
        ? await this.audit.list(householdId, limit)
        : isUUID(page.before)
          ? await this.audit.listBeforeEvent(householdId, limit, page.before.toLowerCase())
          : await this.audit.list(householdId, limit, new Date(page.before));
    return events.map(toAuditEventResponse);
  }
}

function toAuditEventResponse(event: AuditEventEntity): AuditEventResponse {
  return {
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    actorUserId: event.actorUserId,
    action: event.action,
    target: event.target,
    details: event.details,
    ip: event.ip,
  };
}
