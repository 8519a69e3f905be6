import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdAccessService } from './access/household-access.service';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditEventEntity } from './entities/audit-event.entity';
import { HouseholdEntity } from './entities/household.entity';
import { MembershipEntity } from './entities/membership.entity';
import { HouseholdRepository } from './repositories/household.repository';
import { MembershipRepository } from './repositories/membership.repository';

/**
 * Households: provisioning, addressing, members and roles, invites, deletion, and the operator's
 * view. Other libraries resolve `:hid` and check permissions through HouseholdAccessService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([HouseholdEntity, MembershipEntity, AuditEventEntity])],
  providers: [
    HouseholdRepository,
    MembershipRepository,
    AuditLogRepository,
    HouseholdAccessService,
  ],
  exports: [HouseholdAccessService],
})
export class HouseholdsModule {}
