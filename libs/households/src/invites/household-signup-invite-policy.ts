import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  InvitedSignup,
  SignedUpAccount,
  SignupCandidate,
  SignupInvitePolicy,
} from '@foyer/accounts';
import { HouseholdScope, toHouseholdId } from '@foyer/core';
import { InviteRepository } from '../repositories/invite.repository';
import { InviteAcceptanceService } from './invite-acceptance.service';
import { hashInviteToken } from './invite-token';
import { isPending } from './invite-view';

/**
 * Accounts' SignupInvitePolicy, for household invites: a person without an account signs up
 * through the invite's link. The invite admits the signup when it is pending and for exactly that
 * email; redeeming creates the account and joins the household in one transaction (the
 * household's scope), so a refusal at the last moment (revoked meanwhile, no seat left) leaves
 * neither an account nor a membership behind.
 */
@Injectable()
export class HouseholdSignupInvitePolicy extends SignupInvitePolicy {
  constructor(
    private readonly invites: InviteRepository,
    private readonly acceptance: InviteAcceptanceService,
    private readonly scope: HouseholdScope,
  ) {
    super();
  }

  async admits(candidate: SignupCandidate): Promise<boolean> {
    if (!candidate.inviteToken) return false;
    const invite = await this.invites.findByTokenHash(hashInviteToken(candidate.inviteToken));
    return invite !== null && invite.email === candidate.email && isPending(invite, new Date());
  }

  async redeem<T extends SignedUpAccount>(
    candidate: InvitedSignup,
    createAccount: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const invite = await this.acceptance.find(candidate.inviteToken);
    return this.scope.run(toHouseholdId(invite.householdId), async ({ manager }) => {
      const account = await createAccount(manager);
      await this.acceptance.acceptWithin(manager, invite, invite.tokenHash, {
        userId: account.id,
        email: candidate.email,
        // The link was mailed to this address: following it is the proof a verification asks.
        emailVerified: true,
        ip: candidate.ip,
      });
      return account;
    });
  }
}
