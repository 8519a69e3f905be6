import { HouseholdEntity } from '../entities/household.entity';
import type { WriteRestrictionReason } from '../entitlements/write-restriction';
import { HouseholdRole } from './household-role';

/** A signed-in member's view of one household: the household and the member's role in it. */
export interface HouseholdAccess {
  household: HouseholdEntity;
  role: HouseholdRole;
  userId: string;
  /** Set by `resolve`: a restriction from outside the status (billing), or null. */
  writeRestriction?: WriteRestrictionReason | null;
}
