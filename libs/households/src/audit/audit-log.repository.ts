import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import { AuditEventEntity } from '../entities/audit-event.entity';
import { AuditEvent } from './audit-event';

/** The audit log, a tenant table: every call runs inside the household's scope. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /**
   * Appends an event. Called inside `scope.run` (for example with the change it records, so both
   * commit or neither does) or on its own, when it opens its own transaction.
   */
  async append(householdId: HouseholdId, event: AuditEvent): Promise<void> {
    await this.scope.run(householdId, ({ manager }) =>
      manager.insert(AuditEventEntity, {
        householdId,
        actorUserId: event.actorUserId,
        action: event.action,
        target: event.target ?? null,
        details: (event.details ?? {}) as never,
        ip: event.ip ?? null,
      }),
    );
  }

  /** Newest first. */
  list(householdId: HouseholdId, limit: number, before?: Date): Promise<AuditEventEntity[]> {
    return this.scope.run(householdId, ({ manager }) => {
      const query = manager
        .createQueryBuilder(AuditEventEntity, 'event')
        .orderBy('event.occurred_at', 'DESC')
        .addOrderBy('event.id', 'DESC')
        .limit(limit);
      if (before) query.where('event.occurred_at < :before', { before });
      return query.getMany();
    });
  }
}
