import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FoyerError } from '@foyer/core';
import { HouseholdsErrorCode } from '../households-error-code';
import { InviteRepository } from '../repositories/invite.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { HouseholdEntitlements } from './household-entitlements';

/**
 * Seats: members plus pending (unexpired) invites, against the household's entitlements. Called
 * inside the transaction that holds the household's membership rows locked, so two invites or
 * accepts cannot both take the last seat.
 */
@Injectable()
export class SeatCheck {
  constructor(
    private readonly entitlements: HouseholdEntitlements,
    private readonly memberships: MembershipRepository,
    private readonly invites: InviteRepository,
  ) {}

  /**
   * 409 SEAT_LIMIT when one more person would not fit. `inviteId`: the invite taking the seat,
   * which is not counted twice (a pending invite already holds one).
   */
  async assertSeatFor(
    householdId: string,
    inviteId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    const limit = await this.entitlements.seatLimit(householdId);
    if (limit === null) return;
    const taken =
      (await this.memberships.countByHousehold(householdId, manager)) +
      (await this.invites.countPending(householdId, inviteId, manager));
    if (taken + 1 > limit) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.SeatLimit,
        `This household's plan has ${limit} seats, and members and pending invites take them all`,
      );
    }
  }
}
