export { HouseholdsModule } from './households.module';
export { HouseholdAccessService } from './access/household-access.service';
export type { HouseholdAccess } from './access/household-access';
export { HouseholdPermission, PERMISSION_MATRIX, roleMay } from './access/household-permission';
export { HouseholdRole, HOUSEHOLD_ROLES, isAtLeast, outranks } from './access/household-role';
export { HouseholdStatus, READ_ONLY_STATUSES } from './household-status';
export { HouseholdsErrorCode } from './households-error-code';
export { HouseholdMembershipDirectory } from './services/household-membership-directory';
export { HouseholdAddressingMiddleware } from './addressing/household-addressing.middleware';
export { HouseholdSeeder, HOUSEHOLD_SEEDERS } from './provisioning/household-seeder';
export { HouseholdSeedersModule } from './provisioning/household-seeders.module';
export type { HouseholdSeedersOptions } from './provisioning/household-seeders.module';
export { householdBucket } from './provisioning/household-bucket';
export { HouseholdUsageMeter } from './usage/household-usage-meter';
export { USAGE_METER_OVERRIDE } from './usage/usage-meter-override';
export { HouseholdSignupInvitePolicy } from './invites/household-signup-invite-policy';
export { HouseholdEntitlements } from './entitlements/household-entitlements';
export { WriteRestriction } from './entitlements/write-restriction';
export type { WriteRestrictionReason } from './entitlements/write-restriction';
export {
  ENTITLEMENTS_OVERRIDE,
  WRITE_RESTRICTION_OVERRIDE,
} from './entitlements/entitlements-override';
export { HOUSEHOLD_ID_PARAM } from './http/household-id-param';
export { HouseholdImportTarget } from './portability/household-import-target';
export type { HiddenHousehold, ImportedMembership } from './portability/household-import-target';
export { InstanceAdminGuard } from './operator/instance-admin.guard';
export { AcceptMigrationToken } from './migration/accept-migration-token.decorator';
export { CurrentMigrationCaller } from './migration/current-migration-caller.decorator';
export type { MigrationCaller } from './migration/migration-caller';
export type { MigrationGrant } from './migration/migration-grant';
export { MigrationTokenAuthenticator } from './migration/migration-token-authenticator';
export { MigrationTokenGuard } from './migration/migration-token.guard';
export { HouseholdKeysModule } from './keys/household-keys.module';
export { HouseholdObjectKeyring } from './keys/household-object-keyring';
