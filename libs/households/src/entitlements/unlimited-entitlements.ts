import { Injectable } from '@nestjs/common';
import { HouseholdEntitlements } from './household-entitlements';

/** The entitlements of an instance without billing (self-hosting, and until billing lands). */
@Injectable()
export class UnlimitedEntitlements extends HouseholdEntitlements {
  async seatLimit(): Promise<null> {
    return null;
  }
}
