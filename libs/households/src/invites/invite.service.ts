import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUUID } from 'class-validator';
import { normalizeEmail } from '@foyer/accounts';
import { CoreErrorCode, FoyerError, HouseholdId } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { HouseholdAccess } from '../access/household-access';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { HouseholdRole } from '../access/household-role';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { InviteResponse } from '../dto/invite-response.dto';
import { SeatCheck } from '../entitlements/seat-check';
import { InviteEntity } from '../entities/invite.entity';
import { HouseholdsErrorCode } from '../households-error-code';
import { Actor } from '../members/actor';
import { LockedHousehold } from '../members/locked-household';
import { assertMayGrant, LockedMembers } from '../members/membership-rules';
import { InviteRepository } from '../repositories/invite.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { inviteExpiryFrom } from './invite-lifetime';
import { hashInviteToken, newInviteToken } from './invite-token';
import { isOpen, toInviteResponse } from './invite-view';

/**
 * Invite mails in an hour, counted from the audit log (`invite.created`, `invite.resent`): per
 * invite as password-reset mails per address, and per household, so that nobody can use a
 * household to flood a mailbox. Past either, 429 RATE_LIMITED with Retry-After.
 */
export const INVITE_MAILS_PER_INVITE_PER_HOUR = 5;
export const INVITE_MAILS_PER_HOUSEHOLD_PER_HOUR = 30;
const INVITE_MAIL_ACTIONS = ['invite.created', 'invite.resent'];
const HOUR_MS = 3600_000;

export interface NewInvite {
  email: string;
  role: HouseholdRole;
}

export interface InviteOutcome {
  invite: InviteResponse;
  /** False when an open invite for that email existed and was sent again instead. */
  created: boolean;
}

/**
 * Inviting people into a household (owners and admins, for a role no higher than their own),
 * listing, resending and revoking invites. Every change runs in the household's scope with its
 * membership rows locked, so seats, ranks and "already a member" are decided on current rows,
 * and its audit event commits with it. The mail goes out through a job that issues the token.
 */
@Injectable()
export class InviteService {
  private readonly logger = new Logger(InviteService.name);

  constructor(
    private readonly access: HouseholdAccessService,
    private readonly memberships: MembershipRepository,
    private readonly invites: InviteRepository,
    private readonly seats: SeatCheck,
    private readonly audit: AuditLogRepository,
    private readonly jobs: JobQueue,
    private readonly lockedHousehold: LockedHousehold,
  ) {}

  /**
   * Invites `email` with `role`. When an open invite for that email exists (pending or expired:
   * there is at most one), it is sent again with the role asked for now, a new link and 7 more
   * days, rather than refused: asking twice means "send it again".
   */
  async create(actor: Actor, hid: string, request: NewInvite): Promise<InviteOutcome> {
    const access = await this.manageable(actor, hid);
    assertMayGrant(access.role, request.role);
    const email = normalizeEmail(request.email);
    const householdId = this.access.householdId(access);

    const outcome = await this.locked(householdId, actor, async (members, manager) => {
      assertMayGrant(members.actorRole, request.role);
      if (await this.memberships.emailIsMember(householdId, email, manager)) {
        throw new FoyerError(
          409,
          HouseholdsErrorCode.AlreadyMember,
          'This person is already a member of the household',
        );
      }
      const open = await this.invites.lockOpenForEmail(householdId, email, manager);
      // Re-inviting rewrites the invite: an admin cannot rewrite an owner's invite for an owner.
      if (open) assertMayGrant(members.actorRole, open.role);
      await this.assertMailAllowed(householdId, open?.id ?? null);
      await this.seats.assertSeatFor(householdId, open?.id ?? null, manager);
      const expiresAt = inviteExpiryFrom(new Date());
      const invite = open
        ? await this.invites.refresh(
            open.id,
            { role: request.role, expiresAt, invitedBy: actor.userId },
            manager,
          )
        : await this.invites.insert(
            {
              householdId,
              email,
              role: request.role,
              // A hash of a secret nobody holds: the column is NOT NULL and unique, and the mail
              // job replaces it with the hash of the real token when it sends the link.
              tokenHash: hashInviteToken(newInviteToken()),
              invitedBy: actor.userId,
              expiresAt,
            },
            manager,
          );
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: open ? 'invite.resent' : 'invite.created',
        target: invite.id,
        details: {
          email,
          role: invite.role,
          ...(open && open.role !== invite.role ? { previousRole: open.role } : {}),
        },
        ip: actor.ip,
      });
      return { invite, created: !open };
    });
    await this.requestMail(outcome.invite.id);
    return { invite: toInviteResponse(outcome.invite, new Date()), created: outcome.created };
  }

  /** Open invites (pending, and expired ones that can be resent), newest first. */
  async list(userId: string, hid: string): Promise<InviteResponse[]> {
    const access = await this.access.require(userId, hid, HouseholdPermission.Invite);
    const now = new Date();
    const invites = await this.invites.listOpen(access.household.id);
    return invites.map((invite) => toInviteResponse(invite, now));
  }

  /** A new link (the previous one stops working) and 7 more days, by mail. */
  async resend(actor: Actor, hid: string, inviteId: string): Promise<InviteResponse> {
    const access = await this.manageable(actor, hid);
    const householdId = this.access.householdId(access);
    const invite = await this.locked(householdId, actor, async (members, manager) => {
      const open = await this.lockOpen(householdId, inviteId, manager);
      assertMayGrant(members.actorRole, open.role);
      await this.assertMailAllowed(householdId, open.id);
      await this.seats.assertSeatFor(householdId, open.id, manager);
      const refreshed = await this.invites.refresh(
        open.id,
        { role: open.role, expiresAt: inviteExpiryFrom(new Date()), invitedBy: actor.userId },
        manager,
      );
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: 'invite.resent',
        target: open.id,
        details: { email: open.email, role: open.role },
        ip: actor.ip,
      });
      return refreshed;
    });
    await this.requestMail(invite.id);
    return toInviteResponse(invite, new Date());
  }

  /** The link stops working at once; the invite no longer holds a seat. */
  async revoke(actor: Actor, hid: string, inviteId: string): Promise<void> {
    const access = await this.manageable(actor, hid);
    const householdId = this.access.householdId(access);
    await this.locked(householdId, actor, async (members, manager) => {
      const open = await this.lockOpen(householdId, inviteId, manager);
      // Revoking is managing the invite: not one for a role above one's own.
      assertMayGrant(members.actorRole, open.role);
      await this.invites.markRevoked(open.id, manager);
      await this.audit.append(householdId, {
        actorUserId: actor.userId,
        action: 'invite.revoked',
        target: open.id,
        details: { email: open.email, role: open.role },
        ip: actor.ip,
      });
    });
  }

  /**
   * 429 RATE_LIMITED (with `retryAfterSeconds`) when one more invite mail would pass a limit.
   * Called in the locked section, so concurrent sends of one household are counted one by one.
   */
  private async assertMailAllowed(householdId: HouseholdId, inviteId: string | null) {
    const since = new Date(Date.now() - HOUR_MS);
    const checks = [
      { target: undefined, limit: INVITE_MAILS_PER_HOUSEHOLD_PER_HOUR },
      ...(inviteId ? [{ target: inviteId, limit: INVITE_MAILS_PER_INVITE_PER_HOUR }] : []),
    ];
    for (const { target, limit } of checks) {
      const { count, oldest } = await this.audit.recent(householdId, {
        actions: INVITE_MAIL_ACTIONS,
        since,
        target,
      });
      if (count < limit) continue;
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil(((oldest?.getTime() ?? Date.now()) + HOUR_MS - Date.now()) / 1000),
      );
      throw new FoyerError(
        429,
        CoreErrorCode.RateLimited,
        target
          ? `This invite was sent ${count} times in the last hour; try again in ${retryAfterSeconds} seconds`
          : `This household sent ${count} invites in the last hour; try again in ${retryAfterSeconds} seconds`,
        { retryAfterSeconds },
      );
    }
  }

  /** Member (404), Invite permission (403), writable (409), in that order. */
  private async manageable(actor: Actor, hid: string): Promise<HouseholdAccess> {
    const access = await this.access.require(actor.userId, hid, HouseholdPermission.Invite);
    this.access.assertWritable(access);
    return access;
  }

  /** The locked section, with the caller still allowed to invite (`LockedHousehold`). */
  private locked<T>(
    householdId: HouseholdId,
    actor: Actor,
    work: (members: LockedMembers, manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.lockedHousehold.run(householdId, actor, work, HouseholdPermission.Invite);
  }

  /** 404 INVITE_NOT_FOUND unless the id is an open invite of this household (locked). */
  private async lockOpen(
    householdId: string,
    inviteId: string,
    manager: EntityManager,
  ): Promise<InviteEntity> {
    const invite = isUUID(inviteId)
      ? await this.invites.lockInHousehold(householdId, inviteId.toLowerCase(), manager)
      : null;
    if (!invite || !isOpen(invite)) {
      throw new FoyerError(
        404,
        HouseholdsErrorCode.InviteNotFound,
        'This household has no open invite with this id',
      );
    }
    return invite;
  }

  /**
   * After the commit, so the job sees the invite. No deduplication: a resend must send a mail
   * even while an earlier one is being sent, and the later token simply wins. A queue that is
   * down does not undo the invite; resending asks again.
   */
  private async requestMail(inviteId: string): Promise<void> {
    try {
      await this.jobs.enqueue(JobName.SendInviteEmail, { inviteId });
    } catch (error) {
      this.logger.error({ err: error, inviteId }, 'Could not queue the invite mail');
    }
  }
}
