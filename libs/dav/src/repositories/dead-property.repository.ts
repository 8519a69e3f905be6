import { Injectable } from '@nestjs/common';
import { FoyerError, HouseholdId, HouseholdScope } from '@foyer/core';
import { DavErrorCode } from '../dav-error-code';

export interface DeadProperty {
  nodeId: string;
  ns: string;
  local: string;
  value: string;
}

export type DeadPropertyChange =
  | { kind: 'set'; ns: string; local: string; value: string }
  | { kind: 'remove'; ns: string; local: string };

/** Dead properties (`dav_dead_properties`, a tenant table), always in the household's scope. */
@Injectable()
export class DeadPropertyRepository {
  constructor(private readonly scope: HouseholdScope) {}

  async forNodes(householdId: HouseholdId, nodeIds: readonly string[]): Promise<DeadProperty[]> {
    if (nodeIds.length === 0) return [];
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<
        { node_id: string; namespace: string; name: string; value: string }[]
      >(
        `SELECT node_id, namespace, name, value FROM dav_dead_properties
         WHERE household_id = $1 AND node_id = ANY($2::uuid[])
         ORDER BY namespace, name`,
        [householdId, nodeIds],
      );
      return rows.map((row) => ({
        nodeId: row.node_id,
        ns: row.namespace,
        local: row.name,
        value: row.value,
      }));
    });
  }

  /**
   * Applies the changes in order, all or none (one transaction): none when the node would then
   * hold more than `limits` (507, what was there stays).
   */
  async apply(
    householdId: HouseholdId,
    nodeId: string,
    changes: readonly DeadPropertyChange[],
    limits: { count: number; bytes: number },
  ): Promise<void> {
    await this.scope.run(householdId, async ({ manager }) => {
      for (const change of changes) {
        if (change.kind === 'set') {
          await manager.query(
            `INSERT INTO dav_dead_properties (household_id, node_id, namespace, name, value)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (household_id, node_id, namespace, name)
             DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
            [householdId, nodeId, change.ns, change.local, change.value],
          );
        } else {
          await manager.query(
            `DELETE FROM dav_dead_properties
             WHERE household_id = $1 AND node_id = $2 AND namespace = $3 AND name = $4`,
            [householdId, nodeId, change.ns, change.local],
          );
        }
      }
      const [held] = await manager.query<{ count: number; bytes: number }[]>(
        `SELECT count(*)::int AS count, coalesce(sum(octet_length(value)), 0)::int AS bytes
         FROM dav_dead_properties WHERE household_id = $1 AND node_id = $2`,
        [householdId, nodeId],
      );
      if (held.count > limits.count || held.bytes > limits.bytes) {
        throw new FoyerError(
          507,
          DavErrorCode.TooManyDeadProperties,
          `A file or folder keeps at most ${limits.count} properties of ${limits.bytes} bytes in all`,
        );
      }
    });
  }
}
