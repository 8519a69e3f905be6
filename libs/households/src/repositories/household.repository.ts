import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isHouseholdId } from '@foyer/core';
import { DEFAULT_LANGUAGE, type Language } from '@foyer/mail';
import { HouseholdRole } from '../access/household-role';
import { HouseholdEntity } from '../entities/household.entity';

export interface HouseholdWithRole {
  household: HouseholdEntity;
  role: HouseholdRole;
}

/** Households (control plane). `hid` is always an id or a slug, as the API accepts. */
@Injectable()
export class HouseholdRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private where(hid: string): { id: string } | { slug: string } {
    return isHouseholdId(hid) ? { id: hid.toLowerCase() } : { slug: hid.toLowerCase() };
  }

  findByIdOrSlug(hid: string, manager?: EntityManager): Promise<HouseholdEntity | null> {
    return this.manager(manager).findOneBy(HouseholdEntity, this.where(hid));
  }

  /** The language of the account that created the household; English when it is gone. */
  async creatorLanguage(id: string): Promise<Language> {
    const [row] = await this.dataSource.query<{ language: Language }[]>(
      `SELECT u.language FROM households h JOIN users u ON u.id = h.created_by WHERE h.id = $1`,
      [id],
    );
    return row?.language ?? DEFAULT_LANGUAGE;
  }

  findById(id: string, manager?: EntityManager): Promise<HouseholdEntity | null> {
    return this.manager(manager).findOneBy(HouseholdEntity, { id });
  }

  /** Reads and locks the row until `manager`'s transaction ends (for a change that reads first). */
  lockById(id: string, manager: EntityManager): Promise<HouseholdEntity | null> {
    return manager
      .createQueryBuilder(HouseholdEntity, 'household')
      .setLock('pessimistic_write')
      .where('household.id = :id', { id })
      .getOne();
  }

  /** The household with the user's role in it, or null when either is missing. */
  async findForMember(hid: string, userId: string): Promise<HouseholdWithRole | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(HouseholdEntity, 'household')
      .innerJoin('memberships', 'membership', 'membership.household_id = household.id')
      .addSelect('membership.role', 'membership_role')
      .where(isHouseholdId(hid) ? 'household.id = :hid' : 'household.slug = :hid', {
        hid: hid.toLowerCase(),
      })
      .andWhere('membership.user_id = :userId', { userId })
      .getRawAndEntities();
    const household = row.entities[0];
    if (!household) return null;
    return { household, role: row.raw[0].membership_role as HouseholdRole };
  }

  async slugExists(slug: string, manager?: EntityManager): Promise<boolean> {
    return this.manager(manager).existsBy(HouseholdEntity, { slug });
  }

  async insert(
    values: Pick<HouseholdEntity, 'slug' | 'name' | 'status' | 'createdBy'>,
    manager?: EntityManager,
  ): Promise<HouseholdEntity> {
    const repository = this.manager(manager).getRepository(HouseholdEntity);
    return repository.save(repository.create(values));
  }

  async update(
    id: string,
    changes: QueryDeepPartialEntity<Omit<HouseholdEntity, 'id' | 'createdAt'>>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.manager(manager).update(
      HouseholdEntity,
      { id },
      { ...changes, updatedAt: new Date() },
    );
  }
}
