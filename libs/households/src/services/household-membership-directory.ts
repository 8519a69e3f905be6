import { Injectable } from '@nestjs/common';
import { Membership, MembershipDirectory } from '@foyer/accounts';
import { MembershipRepository } from '../repositories/membership.repository';

/**
 * The accounts library's port for `GET /api/v1/me`: every household the user belongs to, with
 * the role there (any status, so a household being provisioned or pending deletion shows too).
 */
@Injectable()
export class HouseholdMembershipDirectory extends MembershipDirectory {
  constructor(private readonly memberships: MembershipRepository) {
    super();
  }

  async forUser(userId: string): Promise<Membership[]> {
    const rows = await this.memberships.listForUser(userId);
    return rows.map((row) => ({
      householdId: row.householdId,
      slug: row.slug,
      name: row.name,
      role: row.role,
      ...(row.movedTo ? { movedTo: row.movedTo } : {}),
    }));
  }
}
