import { InviteResponse } from '../dto/invite-response.dto';
import { InviteEntity } from '../entities/invite.entity';

/** Neither accepted nor revoked: the one state an invite can still be resent or revoked from. */
export function isOpen(invite: InviteEntity): boolean {
  return invite.acceptedAt === null && invite.revokedAt === null;
}

/** Open and not expired: the link works. */
export function isPending(invite: InviteEntity, now: Date): boolean {
  return isOpen(invite) && invite.expiresAt.getTime() > now.getTime();
}

export function toInviteResponse(invite: InviteEntity, now: Date): InviteResponse {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    expiresAt: invite.expiresAt.toISOString(),
    status: isPending(invite, now) ? 'pending' : 'expired',
  };
}
