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

  /**
   * How many events of these actions occurred since `since` (on `target` only, when given), and
   * when the oldest of them did: enough to throttle an action and say when it is allowed again.
   */
  recent(
    householdId: HouseholdId,
    query: { actions: string[]; since: Date; target?: string },
  ): Promise<{ count: number; oldest: Date | null }> {
    return this.scope.run(householdId, async ({ manager }) => {
      const builder = manager
        .createQueryBuilder(AuditEventEntity, 'event')
        .select('count(*)::int', 'count')
        .addSelect('min(event.occurred_at)', 'oldest')
        .where('event.action IN (:...actions)', { actions: query.actions })
        .andWhere('event.occurred_at > :since', { since: query.since });
      if (query.target !== undefined) {
        builder.andWhere('event.target = :target', { target: query.target });
      }
      const row = await builder.getRawOne<{ count: number; oldest: Date | null }>();
      return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
    });
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

  /**
   * Oldest first, for an export: the events that occurred up to `until`, after the cursor (the
   * last event of the previous page), one page.
   */
  listForExport(
    householdId: HouseholdId,
    until: Date,
    afterEventId: string | undefined,
    limit: number,
  ): Promise<AuditEventEntity[]> {
    return this.scope.run(householdId, ({ manager }) => {
      const query = manager
        .createQueryBuilder(AuditEventEntity, 'event')
        .where('event.occurred_at <= :until', { until })
        .orderBy('event.occurred_at', 'ASC')
        .addOrderBy('event.id', 'ASC')
        .limit(limit);
      // The cursor's own timestamp (microseconds), not a JavaScript Date's milliseconds.
      if (afterEventId) {
        query.andWhere(
          `(event.occurred_at, event.id) >
             (SELECT cursor.occurred_at, cursor.id FROM audit_events cursor WHERE cursor.id = :afterEventId)`,
          { afterEventId },
        );
      }
      return query.getMany();
    });
  }

  /**
   * Newest first, strictly older than the event `eventId` (in the same order as `list`): exact
   * paging even when several events share a timestamp. An unknown id gives no events.
   */
  listBeforeEvent(
    householdId: HouseholdId,
    limit: number,
    eventId: string,
  ): Promise<AuditEventEntity[]> {
    return this.scope.run(householdId, ({ manager }) =>
      manager
        .createQueryBuilder(AuditEventEntity, 'event')
        .where(
          `(event.occurred_at, event.id) <
             (SELECT cursor.occurred_at, cursor.id FROM audit_events cursor WHERE cursor.id = :eventId)`,
          { eventId },
        )
        .orderBy('event.occurred_at', 'DESC')
        .addOrderBy('event.id', 'DESC')
        .limit(limit)
        .getMany(),
    );
  }
}
