import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../authenticated-user';
import { MeResponse } from '../dto/me-response.dto';
import { MembershipDirectory } from '../ports/membership-directory';

/** What `GET /api/v1/me` shows: the account and the households it belongs to. */
@Injectable()
export class ProfileService {
  constructor(private readonly memberships: MembershipDirectory) {}

  async me(user: AuthenticatedUser): Promise<MeResponse> {
    const memberships = await this.memberships.forUser(user.id);
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      emailVerified: user.emailVerified,
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
}
