import { Injectable } from '@nestjs/common';
import { Mailer } from '@foyer/mail';
import { InviteRepository } from '../repositories/invite.repository';
import { InviteMailComposer } from './invite-mail-composer';
import { hashInviteToken, newInviteToken } from './invite-token';

/**
 * The work of the invite mail job. The token is made here, at send time, as accounts' mails do:
 * it never travels through the queue, and each run replaces the invite's token, so the link of an
 * earlier mail (or of a resend's predecessor) stops working.
 */
@Injectable()
export class InviteMailService {
  constructor(
    private readonly invites: InviteRepository,
    private readonly composer: InviteMailComposer,
    private readonly mailer: Mailer,
  ) {}

  /** Nothing to do for an invite accepted, revoked, expired or gone: a late job is harmless. */
  async send(inviteId: string): Promise<void> {
    const token = newInviteToken();
    const facts = await this.invites.replaceToken(inviteId, hashInviteToken(token));
    if (!facts) return;
    await this.mailer.send(
      this.composer.invite(
        {
          to: facts.invite.email,
          householdName: facts.householdName,
          inviterName: facts.inviterName,
          role: facts.invite.role,
          expiresAt: facts.invite.expiresAt,
          language: facts.language,
        },
        token,
      ),
    );
  }
}
