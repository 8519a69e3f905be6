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
  movedTo?: string | null;
  movedAt?: Date | null;
  purgeAfter?: Date | null;
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
    // Only on a household marked moved, so the answer for every other one is as it was.
    ...(household.movedTo && household.movedAt
      ? { movedTo: household.movedTo, movedAt: household.movedAt.toISOString() }
      : {}),
    // Only while the deletion is pending: the date it becomes final, for the people to see.
    ...(household.status === 'pending_deletion' && household.purgeAfter
      ? { purgeAfter: household.purgeAfter.toISOString() }
      : {}),
  };
}
