import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HouseholdRole } from '../access/household-role';

export interface ImportedMembership {
  readonly userId: string;
  readonly role: HouseholdRole;
  readonly joinedAt: Date | null;
}

/**
 * The control-plane writes of an import that provisioning and membership changes do not already
 * cover: revealing a household by giving it its members (idempotently, for a resumed import) and
 * removing a household that an import created but never revealed.
 */
@Injectable()
export class ImportedHouseholdRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async slugOf(id: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ slug: string }[]>(
      'SELECT slug FROM households WHERE id = $1',
      [id],
    );
    return rows[0]?.slug ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM households WHERE id = $1', [
      id,
    ]);
    return rows.length > 0;
  }

  async hasMembers(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM memberships WHERE household_id = $1 LIMIT 1',
      [id],
    );
    return rows.length > 0;
  }

  /** Inserts the memberships that are not there yet (a resumed import inserts the rest). */
  async insertMemberships(
    householdId: string,
    members: readonly ImportedMembership[],
    manager: EntityManager,
  ): Promise<void> {
    for (const member of members) {
      await manager.query(
        `INSERT INTO memberships (household_id, user_id, role, joined_at)
         VALUES ($1, $2, $3, coalesce($4::timestamptz, now()))
         ON CONFLICT (household_id, user_id) DO NOTHING`,
        [householdId, member.userId, member.role, member.joinedAt],
      );
    }
  }

  async updateSettings(
    householdId: string,
    settings: Record<string, unknown>,
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `UPDATE households SET settings = $2::jsonb, updated_at = now() WHERE id = $1`,
      [householdId, JSON.stringify(settings)],
    );
  }

  /** Audit events of an archive, with their ids (an id already there is not inserted again). */
  async insertAuditEvents(
    householdId: string,
    rows: readonly {
      id: string | null;
      occurredAt: string | null;
      actor: string | null;
      action: string | undefined;
      target: string | null;
      details: Record<string, unknown>;
      ip: string | null;
    }[],
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (household_id, id, occurred_at, actor_user_id, action, target, details, ip)
       SELECT $1, coalesce((e->>'id')::uuid, gen_random_uuid()),
              coalesce((e->>'occurredAt')::timestamptz, now()), (e->>'actor')::uuid,
              e->>'action', e->>'target', coalesce(e->'details', '{}'::jsonb), e->>'ip'
         FROM jsonb_array_elements($2::jsonb) AS e
       ON CONFLICT (household_id, id) DO NOTHING`,
      [householdId, JSON.stringify(rows)],
    );
  }

  /**
   * Deletes the household row (every tenant row goes with it, by cascade), but only while it has
   * no member: a household someone can see is never removed by a failed import.
   */
  async deleteUnrevealed(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH deleted AS (
         DELETE FROM households h
          WHERE h.id = $1 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.household_id = h.id)
          RETURNING id)
       SELECT id FROM deleted`,
      [id],
    );
    return rows.length === 1;
  }
}
