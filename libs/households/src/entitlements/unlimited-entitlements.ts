import { Injectable } from '@nestjs/common';
import { HouseholdEntitlements } from './household-entitlements';

/** The entitlements of an instance without billing (self-hosting): no limits. */
@Injectable()
export class UnlimitedEntitlements extends HouseholdEntitlements {
  async seatLimit(): Promise<null> {
    return null;
  }

  async storageQuotaBytes(): Promise<null> {
    return null;
  }
}
