import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HouseholdStatus } from '../household-status';

/** One household as the instance administrator sees it: never its data, only its standing. */
export interface OperatorHouseholdRow {
  id: string;
  slug: string;
  name: string;
  status: HouseholdStatus;
  createdAt: Date;
  members: number;
  suspendedReason: string | null;
  suspendedAt: Date | null;
  purgeAfter: Date | null;
}

interface RawRow {
  id: string;
  slug: string;
  name: string;
  status: HouseholdStatus;
  created_at: Date;
  members: number;
  suspended_reason: string | null;
  suspended_at: Date | null;
  purge_after: Date | null;
}

/** Every household of the instance with its member count (control-plane tables only). */
@Injectable()
export class OperatorHouseholdRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<OperatorHouseholdRow[]> {
    const rows = await this.dataSource.query<RawRow[]>(`${SELECT} ORDER BY h.created_at, h.id`);
    return rows.map(toRow);
  }

  async find(id: string): Promise<OperatorHouseholdRow | null> {
    const rows = await this.dataSource.query<RawRow[]>(`${SELECT} WHERE h.id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }
}

const SELECT = `
  SELECT h.id, h.slug, h.name, h.status, h.created_at, h.suspended_reason, h.suspended_at,
         h.purge_after,
         (SELECT count(*) FROM memberships m WHERE m.household_id = h.id)::int AS members
    FROM households h`;

function toRow(row: RawRow): OperatorHouseholdRow {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    createdAt: row.created_at,
    members: row.members,
    suspendedReason: row.suspended_reason,
    suspendedAt: row.suspended_at,
    purgeAfter: row.purge_after,
  };
}
