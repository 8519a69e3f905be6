import { HouseholdRole } from '../access/household-role';
import { HouseholdResponse } from '../dto/household-response.dto';
import { HouseholdStatus } from '../household-status';

/** The fields a member sees, whether read from a household row or from a membership listing. */
export interface HouseholdFields {
  id: string;
  slug: string;
  name: string;
  status: string;
  createdAt: Date;
}

export function toHouseholdResponse(
  household: HouseholdFields,
  role: HouseholdRole,
): HouseholdResponse {
  return {
    id: household.id,
    slug: household.slug,
    name: household.name,
    status: household.status as HouseholdStatus,
    role,
    createdAt: household.createdAt.toISOString(),
  };
}
