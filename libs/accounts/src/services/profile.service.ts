import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../authenticated-user';
import { MeResponse } from '../dto/me-response.dto';
import { UpdateMeDto } from '../dto/update-me.dto';
import { MembershipDirectory } from '../ports/membership-directory';
import { UserRepository } from '../repositories/user.repository';

/** What `GET /api/v1/me` shows: the account and the households it belongs to. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly memberships: MembershipDirectory,
    private readonly users: UserRepository,
  ) {}

  async me(user: AuthenticatedUser): Promise<MeResponse> {
    const memberships = await this.memberships.forUser(user.id);
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      emailVerified: user.emailVerified,
      language: user.language,
      pendingEmail: user.pendingEmail,
      isInstanceAdmin: user.isInstanceAdmin,
      memberships: memberships.map(({ householdId, slug, name, role, movedTo }) => ({
        householdId,
        slug,
        name,
        role,
        ...(movedTo ? { movedTo } : {}),
      })),
    };
  }

  /** Changes the name and/or the language; the rest of the account stays as it is. */
  async update(user: AuthenticatedUser, change: UpdateMeDto): Promise<MeResponse> {
    await this.users.updateProfile(user.id, change);
    return this.me({
      ...user,
      displayName: change.displayName ?? user.displayName,
      language: change.language ?? user.language,
    });
  }
}
