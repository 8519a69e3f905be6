import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, toAuthenticatedUser } from '../authenticated-user';
import { isAcceptableEmail, normalizeEmail } from '../email-address';
import { AppPasswordRepository } from '../repositories/app-password.repository';
import { canonicalAppPassword } from '../tokens/app-password-secret';
import { sha256Hex } from '../tokens/secret-token';

/**
 * For DAV (HTTP Basic): the account email as user name and one of its app passwords. The account
 * password is never accepted here, so a DAV client never holds it.
 */
@Injectable()
export class AppPasswordAuthenticator {
  constructor(private readonly appPasswords: AppPasswordRepository) {}

  /** The user, or null when the pair does not match an active app password; records its use. */
  async authenticate(email: string, password: string): Promise<AuthenticatedUser | null> {
    const secret = canonicalAppPassword(password);
    if (!secret || !isAcceptableEmail(email)) return null;
    const appPassword = await this.appPasswords.findActiveBySecretHash(sha256Hex(secret));
    if (!appPassword?.user || appPassword.user.email !== normalizeEmail(email)) return null;
    await this.appPasswords.touch(appPassword.id);
    return toAuthenticatedUser(appPassword.user);
  }
}
