import { Injectable } from '@nestjs/common';
import { Membership, MembershipDirectory } from './membership-directory';

/** The default MembershipDirectory, until the households library provides the real one. */
@Injectable()
export class NoMemberships extends MembershipDirectory {
  async forUser(): Promise<Membership[]> {
    return [];
  }
}
