import { HouseholdEntity } from '../entities/household.entity';
import { HouseholdRole } from './household-role';

/** A signed-in member's view of one household: the household and the member's role in it. */
export interface HouseholdAccess {
  household: HouseholdEntity;
  role: HouseholdRole;
  userId: string;
}
