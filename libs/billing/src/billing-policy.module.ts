import { Global, Module } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import {
  ENTITLEMENTS_OVERRIDE,
  HouseholdsModule,
  WRITE_RESTRICTION_OVERRIDE,
} from '@foyer/households';
import { BillingEntitlementsService } from './entitlements/billing-entitlements.service';
import { BillingHouseholdEntitlements } from './entitlements/billing-household-entitlements';
import { BillingWriteRestriction } from './entitlements/billing-write-restriction';
import { PlanCatalog } from './plans/plan-catalog';
import { BillingAccountRepository } from './repositories/billing-account.repository';

/**
 * Billing's answers to the households library's ports (seats, quota, write restriction), global
 * so the households module finds them. With billing off the overrides are absent and households
 * keeps its defaults (unlimited, unrestricted): nothing changes for self-hosting.
 */
@Global()
@Module({
  imports: [HouseholdsModule],
  providers: [
    PlanCatalog,
    BillingAccountRepository,
    BillingEntitlementsService,
    BillingHouseholdEntitlements,
    BillingWriteRestriction,
    {
      provide: ENTITLEMENTS_OVERRIDE,
      useFactory: (config: FoyerConfig, entitlements: BillingHouseholdEntitlements) =>
        config.billing ? entitlements : undefined,
      inject: [FoyerConfig, BillingHouseholdEntitlements],
    },
    {
      provide: WRITE_RESTRICTION_OVERRIDE,
      useFactory: (config: FoyerConfig, restriction: BillingWriteRestriction) =>
        config.billing ? restriction : undefined,
      inject: [FoyerConfig, BillingWriteRestriction],
    },
  ],
  exports: [
    PlanCatalog,
    BillingAccountRepository,
    BillingEntitlementsService,
    ENTITLEMENTS_OVERRIDE,
    WRITE_RESTRICTION_OVERRIDE,
  ],
})
export class BillingPolicyModule {}
