import { Injectable } from '@nestjs/common';
import { HouseholdEntitlements } from '@foyer/households';
import { BillingEntitlementsService } from './billing-entitlements.service';

/** The households library's entitlements port, answered from the household's plan. */
@Injectable()
export class BillingHouseholdEntitlements extends HouseholdEntitlements {
  constructor(private readonly entitlements: BillingEntitlementsService) {
    super();
  }

  async seatLimit(householdId: string): Promise<number | null> {
    return (await this.entitlements.of(householdId)).plan.seats;
  }

  async storageQuotaBytes(householdId: string): Promise<number | null> {
    return (await this.entitlements.of(householdId)).plan.storageQuotaBytes;
  }

  override async planOf(householdId: string): Promise<{ id: string; name: string }> {
    const { plan } = await this.entitlements.of(householdId);
    return { id: plan.id, name: plan.name };
  }
}
