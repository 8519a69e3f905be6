import { Injectable } from '@nestjs/common';
import { SignupInvitePolicy } from './signup-invite-policy';

/** The default SignupInvitePolicy: no invite is valid until the households library issues them. */
@Injectable()
export class NoInvites extends SignupInvitePolicy {
  async admits(): Promise<boolean> {
    return false;
  }

  /** Never reached: the signup service redeems only what `admits` admitted. */
  async redeem(): Promise<never> {
    throw new Error('NoInvites admits no invite, so there is none to redeem');
  }
}
