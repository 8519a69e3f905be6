import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Language } from '@foyer/mail';
import { HouseholdRole } from '../access/household-role';
import { InviteEntity } from '../entities/invite.entity';

/** What the invite mail needs, read in one query. */
export interface InviteMailFacts {
  invite: InviteEntity;
  householdName: string;
  inviterName: string | null;
  /** The invitee's own, when they have an account; else the inviter's; else English. */
  language: Language;
}

/**
 * Invites (control plane). "Open" means neither accepted nor revoked (the unique index allows one
 * open invite per email and household, expired or not); "pending" means open and not expired.
 */
@Injectable()
export class InviteRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(
    values: Pick<
      InviteEntity,
      'householdId' | 'email' | 'role' | 'tokenHash' | 'invitedBy' | 'expiresAt'
    >,
    manager?: EntityManager,
  ): Promise<InviteEntity> {
    const repository = this.manager(manager).getRepository(InviteEntity);
    return repository.save(repository.create(values));
  }

  findByTokenHash(tokenHash: string, manager?: EntityManager): Promise<InviteEntity | null> {
    return this.manager(manager).findOneBy(InviteEntity, { tokenHash });
  }

  /** The invite with this id in this household, locked until the transaction ends. */
  lockInHousehold(
    householdId: string,
    id: string,
    manager: EntityManager,
  ): Promise<InviteEntity | null> {
    return manager
      .createQueryBuilder(InviteEntity, 'invite')
      .setLock('pessimistic_write')
      .where('invite.id = :id AND invite.household_id = :householdId', { id, householdId })
      .getOne();
  }

  /** The open invite for this email in this household, locked (there is at most one). */
  lockOpenForEmail(
    householdId: string,
    email: string,
    manager: EntityManager,
  ): Promise<InviteEntity | null> {
    return manager
      .createQueryBuilder(InviteEntity, 'invite')
      .setLock('pessimistic_write')
      .where('invite.household_id = :householdId AND invite.email = :email', { householdId, email })
      .andWhere('invite.accepted_at IS NULL AND invite.revoked_at IS NULL')
      .getOne();
  }

  /** Open invites, newest first: pending ones, and expired ones that can still be resent. */
  listOpen(householdId: string): Promise<InviteEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(InviteEntity, 'invite')
      .where('invite.household_id = :householdId', { householdId })
      .andWhere('invite.accepted_at IS NULL AND invite.revoked_at IS NULL')
      .orderBy('invite.created_at', 'DESC')
      .addOrderBy('invite.id', 'DESC')
      .getMany();
  }

  /** Pending invites, each holding a seat until it is accepted, revoked or expires. */
  countPending(
    householdId: string,
    exceptId: string | null,
    manager: EntityManager,
  ): Promise<number> {
    const query = manager
      .createQueryBuilder(InviteEntity, 'invite')
      .where('invite.household_id = :householdId', { householdId })
      .andWhere('invite.accepted_at IS NULL AND invite.revoked_at IS NULL')
      .andWhere('invite.expires_at > now()');
    if (exceptId) query.andWhere('invite.id <> :exceptId', { exceptId });
    return query.getCount();
  }

  /** Gives an open invite a new role and expiry (re-inviting, resending). */
  async refresh(
    id: string,
    changes: { role: HouseholdRole; expiresAt: Date; invitedBy?: string },
    manager: EntityManager,
  ): Promise<InviteEntity> {
    await manager.update(InviteEntity, { id }, changes);
    return manager.findOneByOrFail(InviteEntity, { id });
  }

  async markRevoked(id: string, manager: EntityManager): Promise<void> {
    await manager.update(InviteEntity, { id }, { revokedAt: () => 'now()' });
  }

  async markAccepted(id: string, userId: string, manager: EntityManager): Promise<void> {
    await manager.update(InviteEntity, { id }, { acceptedAt: () => 'now()', acceptedBy: userId });
  }

  /** The names an invite's page shows: its household's, and its inviter's (null once gone). */
  async names(id: string): Promise<{ householdName: string; inviterName: string | null } | null> {
    const [row] = await this.dataSource.query<
      { household_name: string; inviter_name: string | null }[]
    >(
      `SELECT h.name AS household_name, u.display_name AS inviter_name
         FROM invites i
         JOIN households h ON h.id = i.household_id
         LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.id = $1`,
      [id],
    );
    return row ? { householdName: row.household_name, inviterName: row.inviter_name } : null;
  }

  /**
   * Replaces the token of a pending invite (the previous one stops working at once) and returns
   * what its mail needs; null when the invite is no longer pending, so there is nothing to send.
   */
  async replaceToken(id: string, tokenHash: string): Promise<InviteMailFacts | null> {
    return this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(InviteEntity)
        .set({ tokenHash })
        .where('id = :id', { id })
        .andWhere('accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()')
        .execute();
      if (!updated.affected) return null;
      const [row] = await manager.query<
        { household_name: string; inviter_name: string | null; language: Language }[]
      >(
        `SELECT h.name AS household_name, u.display_name AS inviter_name,
                coalesce(r.language, u.language, 'en') AS language
           FROM invites i
           JOIN households h ON h.id = i.household_id
           LEFT JOIN users u ON u.id = i.invited_by
           LEFT JOIN users r ON r.email = lower(i.email)
          WHERE i.id = $1`,
        [id],
      );
      return {
        invite: await manager.findOneByOrFail(InviteEntity, { id }),
        householdName: row.household_name,
        inviterName: row.inviter_name,
        language: row.language,
      };
    });
  }
}
