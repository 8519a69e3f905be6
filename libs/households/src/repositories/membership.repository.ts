import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@foyer/mail';
import { HouseholdRole } from '../access/household-role';
import { MembershipEntity } from '../entities/membership.entity';

export interface MemberRow {
  userId: string;
  email: string;
  displayName: string;
  role: HouseholdRole;
  joinedAt: Date;
  /** Of the member's mails. */
  language: Language;
}

export interface UserMembershipRow {
  householdId: string;
  slug: string;
  name: string;
  status: string;
  role: HouseholdRole;
  createdAt: Date;
  movedTo: string | null;
  movedAt: Date | null;
  purgeAfter: Date | null;
}

/** A member's membership joined with their account, as `findMember` and `listMembers` read it. */
const SELECT_MEMBERS = `SELECT m.user_id, u.email, u.display_name, m.role, m.joined_at, u.language
         FROM memberships m JOIN users u ON u.id = m.user_id`;

interface MemberRecord {
  user_id: string;
  email: string;
  display_name: string;
  role: HouseholdRole;
  joined_at: Date;
  language: Language;
}

function toMemberRow(row: MemberRecord): MemberRow {
  return {
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    joinedAt: row.joined_at,
    language: row.language,
  };
}

/**
 * Memberships (control plane). Listing members reads the users table's email and display name:
 * both are control-plane tables in the same database, and one join beats a round trip per member.
 */
@Injectable()
export class MembershipRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(
    values: Pick<MembershipEntity, 'householdId' | 'userId' | 'role'>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.manager(manager).insert(MembershipEntity, values);
  }

  find(
    householdId: string,
    userId: string,
    manager?: EntityManager,
  ): Promise<MembershipEntity | null> {
    return this.manager(manager).findOneBy(MembershipEntity, { householdId, userId });
  }

  /** Locks the household's membership rows, so two concurrent changes cannot both remove the last owner. */
  async lockAll(householdId: string, manager: EntityManager): Promise<MembershipEntity[]> {
    return manager
      .createQueryBuilder(MembershipEntity, 'membership')
      .setLock('pessimistic_write')
      .where('membership.household_id = :householdId', { householdId })
      .getMany();
  }

  countByHousehold(householdId: string, manager?: EntityManager): Promise<number> {
    return this.manager(manager).countBy(MembershipEntity, { householdId });
  }

  async updateRole(
    householdId: string,
    userId: string,
    role: HouseholdRole,
    manager?: EntityManager,
  ): Promise<void> {
    await this.manager(manager).update(MembershipEntity, { householdId, userId }, { role });
  }

  async delete(householdId: string, userId: string, manager?: EntityManager): Promise<void> {
    await this.manager(manager).delete(MembershipEntity, { householdId, userId });
  }

  /** True when an account with this (normalised) email is a member of the household. */
  async emailIsMember(
    householdId: string,
    email: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const rows = await this.manager(manager).query<unknown[]>(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.household_id = $1 AND u.email = $2`,
      [householdId, email],
    );
    return rows.length > 0;
  }

  /** One member as `listMembers` shows them, or null. */
  async findMember(
    householdId: string,
    userId: string,
    manager?: EntityManager,
  ): Promise<MemberRow | null> {
    const [row] = await this.manager(manager).query<MemberRecord[]>(
      `${SELECT_MEMBERS}
        WHERE m.household_id = $1 AND m.user_id = $2`,
      [householdId, userId],
    );
    return row ? toMemberRow(row) : null;
  }

  async listMembers(householdId: string): Promise<MemberRow[]> {
    const rows = await this.dataSource.query<MemberRecord[]>(
      `${SELECT_MEMBERS}
        WHERE m.household_id = $1
        ORDER BY m.joined_at, u.email`,
      [householdId],
    );
    return rows.map(toMemberRow);
  }

  async listForUser(userId: string): Promise<UserMembershipRow[]> {
    const rows = await this.dataSource.query<
      {
        household_id: string;
        slug: string;
        name: string;
        status: string;
        role: HouseholdRole;
        created_at: Date;
        moved_to: string | null;
        moved_at: Date | null;
        purge_after: Date | null;
      }[]
    >(
      `SELECT h.id AS household_id, h.slug, h.name, h.status, m.role, h.created_at,
              h.moved_to, h.moved_at, h.purge_after
         FROM memberships m JOIN households h ON h.id = m.household_id
        WHERE m.user_id = $1
        ORDER BY h.name, h.slug`,
      [userId],
    );
    return rows.map((row) => ({
      householdId: row.household_id,
      slug: row.slug,
      name: row.name,
      status: row.status,
      role: row.role,
      createdAt: row.created_at,
      movedTo: row.moved_to,
      movedAt: row.moved_at,
      purgeAfter: row.purge_after,
    }));
  }
}
