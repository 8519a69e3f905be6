export { HouseholdsModule } from './households.module';
export { HouseholdAccessService } from './access/household-access.service';
export type { HouseholdAccess } from './access/household-access';
export { HouseholdPermission, PERMISSION_MATRIX, roleMay } from './access/household-permission';
export { HouseholdRole, HOUSEHOLD_ROLES, isAtLeast, outranks } from './access/household-role';
export { HouseholdStatus, READ_ONLY_STATUSES } from './household-status';
export { HouseholdsErrorCode } from './households-error-code';
