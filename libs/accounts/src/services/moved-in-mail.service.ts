import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { MembershipDirectory } from '../ports/membership-directory';
import { UserRepository } from '../repositories/user.repository';
import { AccountMailComposer } from './account-mail-composer';
import { AuthTokenService } from './auth-token.service';

/**
 * Long enough for a family that learns of the move on a Friday and sits down to it the next
 * weekend; the ordinary reset link's hour is far too short for someone who did not ask for it.
 */
export const MOVED_IN_TOKEN_DAYS = 7;

/**
 * The mail of a member whose account an import created: which household moved, from where and
 * by whom, and a link to choose a first password. The link is a password-reset token, so the
 * reset page takes it, and it proves the mailbox as a reset does.
 */
@Injectable()
export class MovedInMailService {
  constructor(
    private readonly users: UserRepository,
    private readonly memberships: MembershipDirectory,
    private readonly tokens: AuthTokenService,
    private readonly composer: AccountMailComposer,
    private readonly mailer: Mailer,
  ) {}

  /** Nothing to do once the account is gone or the person left the household meanwhile. */
  async send(payload: JobPayloads[JobName.SendMovedInEmail]): Promise<void> {
    const user = await this.users.findById(payload.userId);
    if (!user) return;
    const household = (await this.memberships.forUser(user.id)).find(
      (membership) => membership.householdId === payload.householdId,
    );
    if (!household) return;
    const mover = payload.movedBy ? await this.users.findById(payload.movedBy) : null;
    const token = await this.tokens.issue(
      user.id,
      'password_reset',
      MOVED_IN_TOKEN_DAYS * 24 * 3600_000,
    );
    await this.mailer.send(
      this.composer.movedIn(
        user,
        {
          householdName: household.name,
          movedBy: mover && mover.id !== user.id ? mover.displayName : null,
          source: payload.source,
        },
        token,
        MOVED_IN_TOKEN_DAYS,
      ),
    );
  }
}
