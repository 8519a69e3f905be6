import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdAccessService } from './access/household-access.service';
import { HouseholdEntity } from './entities/household.entity';
import { MembershipEntity } from './entities/membership.entity';
import { HouseholdRepository } from './repositories/household.repository';

/**
 * Households: provisioning, addressing, members and roles, invites, deletion, and the operator's
 * view. Other libraries resolve `:hid` and check permissions through HouseholdAccessService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([HouseholdEntity, MembershipEntity])],
  providers: [HouseholdRepository, HouseholdAccessService],
  exports: [HouseholdAccessService],
})
export class HouseholdsModule {}
