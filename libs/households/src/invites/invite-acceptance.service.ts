import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountsErrorCode } from '@foyer/accounts';
import { FoyerError, HouseholdScope, toHouseholdId } from '@foyer/core';
import { HouseholdAccessService } from '../access/household-access.service';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { AcceptedInviteResponse } from '../dto/accepted-invite-response.dto';
import { InvitePreviewResponse } from '../dto/invite-preview-response.dto';
import { SeatCheck } from '../entitlements/seat-check';
import { WriteRestriction } from '../entitlements/write-restriction';
import { InviteEntity } from '../entities/invite.entity';
import { HouseholdsErrorCode } from '../households-error-code';
import { HouseholdRepository } from '../repositories/household.repository';
import { InviteRepository } from '../repositories/invite.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { hashInviteToken } from './invite-token';

/** The person accepting: a signed-in account, or one being created by a signup with the link. */
export interface Invitee {
  userId: string;
  /** Normalised. */
  email: string;
  emailVerified: boolean;
  ip: string | null;
}

/**
 * Accepting an invite: the membership with the invite's role, the invite marked used, and the
 * `member.joined` audit event, in one transaction or not at all. The household's membership rows
 * and then the invite are locked, so of two accepts of one invite exactly one joins (the other
 * gets INVITE_USED), and seats are counted on current rows.
 */
@Injectable()
export class InviteAcceptanceService {
  constructor(
    private readonly scope: HouseholdScope,
    private readonly access: HouseholdAccessService,
    private readonly households: HouseholdRepository,
    private readonly memberships: MembershipRepository,
    private readonly invites: InviteRepository,
    private readonly seats: SeatCheck,
    private readonly restrictions: WriteRestriction,
    private readonly audit: AuditLogRepository,
  ) {}

  /** `POST /api/v1/invites/accept` by a signed-in account. */
  async accept(token: string, invitee: Invitee): Promise<AcceptedInviteResponse> {
    const invite = await this.find(token);
    return this.scope.run(toHouseholdId(invite.householdId), ({ manager }) =>
      this.acceptWithin(manager, invite, invite.tokenHash, invitee),
    );
  }

  /**
   * What the invite link's page shows: the household, who invited, and the address it was sent
   * to. Only the link's holder can see it, and only while the invite can still be accepted.
   */
  async preview(token: string): Promise<InvitePreviewResponse> {
    const invite = await this.find(token);
    assertRedeemable(invite, new Date());
    const names = await this.invites.names(invite.id);
    if (!names) throw invalidInvite();
    return {
      ...names,
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  /** The invite a token belongs to, or 400 INVITE_INVALID (unknown, or replaced by a resend). */
  async find(token: string): Promise<InviteEntity> {
    const invite = await this.invites.findByTokenHash(hashInviteToken(token));
    if (!invite) {
      throw invalidInvite();
    }
    return invite;
  }

  /**
   * Accepts inside the household's scope (`manager` is its transaction). The checks, in order:
   * the link (used, revoked, expired, or replaced meanwhile), the person (their verified email
   * must be the invite's), the household (writable, billing included), membership, seats.
   */
  async acceptWithin(
    manager: EntityManager,
    found: InviteEntity,
    tokenHash: string,
    invitee: Invitee,
  ): Promise<AcceptedInviteResponse> {
    await this.memberships.lockAll(found.householdId, manager);
    const invite = await this.invites.lockInHousehold(found.householdId, found.id, manager);
    if (!invite || invite.tokenHash !== tokenHash) {
      throw invalidInvite();
    }
    assertRedeemable(invite, new Date());
    // An unverified account may be a squatter's, waiting for the owner's invite: the same
    // refusal as every other action that needs a verified address, after the link's own state.
    if (!invitee.emailVerified) {
      throw new FoyerError(
        403,
        AccountsErrorCode.EmailNotVerified,
        'Confirm your email address first: the invite is for a verified address',
      );
    }
    if (invitee.email !== invite.email) {
      throw new FoyerError(
        403,
        HouseholdsErrorCode.InviteEmailMismatch,
        'This invite is for another email address: sign in with the account it was sent to',
      );
    }
    const household = await this.households.findById(invite.householdId, manager);
    if (!household) {
      throw new FoyerError(400, HouseholdsErrorCode.InviteInvalid, 'This invite link is not valid');
    }
    // Joining is a change like any other: refused while the household is suspended, pending
    // deletion, or restricted by billing (over quota, payment required).
    this.access.assertWritable({
      household,
      role: invite.role,
      userId: invitee.userId,
      writeRestriction: await this.restrictions.restrictionOf(household.id),
    });
    if (await this.memberships.find(invite.householdId, invitee.userId, manager)) {
      throw new FoyerError(
        409,
        HouseholdsErrorCode.AlreadyMember,
        'You are already a member of this household',
      );
    }
    await this.seats.assertSeatFor(invite.householdId, invite.id, manager);

    await this.memberships.insert(
      { householdId: invite.householdId, userId: invitee.userId, role: invite.role },
      manager,
    );
    await this.invites.markAccepted(invite.id, invitee.userId, manager);
    await this.audit.append(toHouseholdId(invite.householdId), {
      actorUserId: invitee.userId,
      action: 'member.joined',
      target: invitee.userId,
      details: { role: invite.role, inviteId: invite.id, invitedBy: invite.invitedBy },
      ip: invitee.ip,
    });
    return {
      householdId: household.id,
      slug: household.slug,
      name: household.name,
      role: invite.role,
    };
  }
}

/** Used wins over revoked, and both over expired: a link that worked once says so. */
function invalidInvite(): FoyerError {
  return new FoyerError(
    400,
    HouseholdsErrorCode.InviteInvalid,
    'This invite link is not valid; if the invite was sent again, use the newest mail',
  );
}

export function assertRedeemable(
  invite: Pick<InviteEntity, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now: Date,
): void {
  if (invite.acceptedAt) {
    throw new FoyerError(409, HouseholdsErrorCode.InviteUsed, 'This invite has already been used');
  }
  if (invite.revokedAt) {
    throw new FoyerError(410, HouseholdsErrorCode.InviteRevoked, 'This invite was withdrawn');
  }
  if (invite.expiresAt.getTime() <= now.getTime()) {
    throw new FoyerError(
      410,
      HouseholdsErrorCode.InviteExpired,
      'This invite has expired: ask for a new one',
    );
  }
}
