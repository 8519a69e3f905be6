import type { Language } from '@foyer/mail';
import { UserEntity } from './entities/user.entity';

/**
 * Who is making the request, as other libraries see it (`@CurrentUser()`). Read fresh from the
 * database on every request, so a verification or revocation shows at once.
 */
export interface AuthenticatedUser {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  isInstanceAdmin: boolean;
  language: Language;
  /** A new address waiting for the link mailed to it. */
  pendingEmail: string | null;
}

export function toAuthenticatedUser(user: UserEntity): AuthenticatedUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    emailVerified: user.emailVerifiedAt !== null,
    isInstanceAdmin: user.isInstanceAdmin,
    language: user.language,
    pendingEmail: user.pendingEmail,
  };
}
