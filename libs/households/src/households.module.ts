import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordConfirmationModule } from '@foyer/accounts';
import { HouseholdAccessService } from './access/household-access.service';
import { HouseholdMembershipInterceptor } from './access/household-membership.interceptor';
import { HouseholdAddressingMiddleware } from './addressing/household-addressing.middleware';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditQueryService } from './audit/audit-query.service';
import { DeletionMailComposer } from './deletion/deletion-mail-composer';
import { DeletionNoticeJob } from './deletion/deletion-notice.job';
import { HouseholdDeletionController } from './deletion/household-deletion.controller';
import { HouseholdDeletionService } from './deletion/household-deletion.service';
import { HouseholdPurgeJobs } from './deletion/household-purge.jobs';
import { HouseholdPurger } from './deletion/household-purger';
import { AuditEventEntity } from './entities/audit-event.entity';
import { HouseholdEntity } from './entities/household.entity';
import { MembershipEntity } from './entities/membership.entity';
import { InviteEntity } from './entities/invite.entity';
import { HouseholdEntitlements } from './entitlements/household-entitlements';
import { SeatCheck } from './entitlements/seat-check';
import { UnlimitedEntitlements } from './entitlements/unlimited-entitlements';
import {
  ENTITLEMENTS_OVERRIDE,
  WRITE_RESTRICTION_OVERRIDE,
} from './entitlements/entitlements-override';
import { NoWriteRestriction } from './entitlements/no-write-restriction';
import { WriteRestriction } from './entitlements/write-restriction';
import { AuditController } from './http/audit.controller';
import { InviteAcceptanceController } from './http/invite-acceptance.controller';
import { InviteController } from './http/invite.controller';
import { MemberController } from './http/member.controller';
import { HouseholdSignupInvitePolicy } from './invites/household-signup-invite-policy';
import { InviteAcceptanceService } from './invites/invite-acceptance.service';
import { InviteMailComposer } from './invites/invite-mail-composer';
import { InviteMailJob } from './invites/invite-mail.job';
import { InviteMailService } from './invites/invite-mail.service';
import { InviteService } from './invites/invite.service';
import { LockedHousehold } from './members/locked-household';
import { MemberService } from './members/member.service';
import { InviteRepository } from './repositories/invite.repository';
import { HouseholdController } from './http/household.controller';
import { StorageEncryptionController } from './encryption/storage-encryption.controller';
import { StorageEncryptionJobs } from './encryption/storage-encryption.jobs';
import { StorageEncryptionRepository } from './encryption/storage-encryption.repository';
import { StoredObjectEncryptor } from './encryption/stored-object-encryptor';
import { HouseholdKeysModule } from './keys/household-keys.module';
import { InstanceAdminGuard } from './operator/instance-admin.guard';
import { OperatorController } from './operator/operator.controller';
import { OperatorService } from './operator/operator.service';
import { HouseholdImportTarget } from './portability/household-import-target';
import { ImportedHouseholdRepository } from './portability/imported-household.repository';
import { HouseholdRestorer } from './portability/household-restorer';
import { HouseholdProvisioner } from './provisioning/household-provisioner';
import { ProvisionHouseholdJob } from './provisioning/provision-household-job';
import { StaleProvisioningSweep } from './provisioning/stale-provisioning-sweep';
import { HouseholdProvisioningRepository } from './repositories/household-provisioning.repository';
import { HouseholdLifecycleRepository } from './repositories/household-lifecycle.repository';
import { HouseholdRepository } from './repositories/household.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { OperatorHouseholdRepository } from './repositories/operator-household.repository';
import { HouseholdPortableSection } from './portability/household.portable-section';
import { HouseholdUsageMeter } from './usage/household-usage-meter';
import { NoStoredFilesUsageMeter } from './usage/no-stored-files-usage-meter';
import { USAGE_METER_OVERRIDE } from './usage/usage-meter-override';
import { HouseholdMoveController } from './migration/household-move.controller';
import { HouseholdMoveRepository } from './migration/household-move.repository';
import { HouseholdMoveService } from './migration/household-move.service';
import { MigrationSourceController } from './migration/migration-source.controller';
import { MigrationTokenAuthenticator } from './migration/migration-token-authenticator';
import { MigrationTokenController } from './migration/migration-token.controller';
import { MigrationTokenEntity } from './migration/migration-token.entity';
import { MigrationTokenGuard } from './migration/migration-token.guard';
import { MigrationTokenRepository } from './migration/migration-token.repository';
import { MigrationTokenService } from './migration/migration-token.service';
import { HouseholdCreationService } from './services/household-creation.service';
import { HouseholdMembershipDirectory } from './services/household-membership-directory';
import { HouseholdService } from './services/household.service';

/**
 * Households: provisioning, addressing, members and roles, invites, deletion, and the operator's
 * view. Other libraries resolve `:hid` and check permissions through HouseholdAccessService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      HouseholdEntity,
      MembershipEntity,
      AuditEventEntity,
      InviteEntity,
      MigrationTokenEntity,
    ]),
    // Not AccountsModule: that one imports this module (forRoot), which would be a cycle.
    PasswordConfirmationModule,
    // The master key and the data keys (also imported by StorageModule.forRoot for its keyring).
    HouseholdKeysModule,
  ],
  controllers: [
    HouseholdController,
    HouseholdDeletionController,
    OperatorController,
    InviteController,
    InviteAcceptanceController,
    MemberController,
    AuditController,
    MigrationTokenController,
    HouseholdMoveController,
    MigrationSourceController,
    StorageEncryptionController,
  ],
  providers: [
    HouseholdRepository,
    MembershipRepository,
    AuditLogRepository,
    HouseholdAccessService,
    HouseholdLifecycleRepository,
    OperatorHouseholdRepository,
    HouseholdDeletionService,
    DeletionMailComposer,
    DeletionNoticeJob,
    HouseholdPurger,
    HouseholdPurgeJobs,
    OperatorService,
    InstanceAdminGuard,
    HouseholdProvisioningRepository,
    // An import's hidden household (libs/imports): created, provisioned, revealed or discarded.
    ImportedHouseholdRepository,
    HouseholdImportTarget,
    HouseholdRestorer,
    HouseholdCreationService,
    HouseholdService,
    HouseholdMembershipDirectory,
    // Needs HOUSEHOLD_SEEDERS, from HouseholdSeedersModule.forRoot in the application.
    HouseholdProvisioner,
    ProvisionHouseholdJob,
    StaleProvisioningSweep,
    HouseholdAddressingMiddleware,
    InviteRepository,
    SeatCheck,
    InviteService,
    InviteAcceptanceService,
    InviteMailComposer,
    InviteMailService,
    InviteMailJob,
    HouseholdSignupInvitePolicy,
    LockedHousehold,
    MemberService,
    AuditQueryService,
    // household.json, members.json and audit.jsonl of the household archive.
    HouseholdPortableSection,
    // Live migration, source side: tokens, the guard other libraries put on export routes, moved.
    MigrationTokenRepository,
    MigrationTokenService,
    MigrationTokenAuthenticator,
    MigrationTokenGuard,
    HouseholdMoveRepository,
    HouseholdMoveService,
    // Encryption of the objects stored before encryption (decision 0016).
    StorageEncryptionRepository,
    StoredObjectEncryptor,
    StorageEncryptionJobs,
    // Unlimited and unrestricted, unless billing plugs in its plans (see entitlements-override).
    {
      provide: HouseholdEntitlements,
      useFactory: (plugged?: HouseholdEntitlements) => plugged ?? new UnlimitedEntitlements(),
      inject: [{ token: ENTITLEMENTS_OVERRIDE, optional: true }],
    },
    {
      provide: WriteRestriction,
      useFactory: (plugged?: WriteRestriction) => plugged ?? new NoWriteRestriction(),
      inject: [{ token: WRITE_RESTRICTION_OVERRIDE, optional: true }],
    },
    // The files library's meter when it plugs one in (USAGE_METER_OVERRIDE), else the
    // placeholder (0 bytes for everyone).
    {
      provide: HouseholdUsageMeter,
      useFactory: (plugged?: HouseholdUsageMeter) => plugged ?? new NoStoredFilesUsageMeter(),
      inject: [{ token: USAGE_METER_OVERRIDE, optional: true }],
    },
    // 404 for a foreign `:hid` on every route, before validation (see the interceptor).
    { provide: APP_INTERCEPTOR, useClass: HouseholdMembershipInterceptor },
  ],
  exports: [
    HouseholdAccessService,
    HouseholdMembershipDirectory,
    HouseholdAddressingMiddleware,
    HouseholdSignupInvitePolicy,
    HouseholdUsageMeter,
    HouseholdImportTarget,
    // For the export routes that a migration token may call (@AcceptMigrationToken()).
    MigrationTokenAuthenticator,
    // For `foyer storage encrypt`.
    StoredObjectEncryptor,
  ],
})
export class HouseholdsModule {}
