import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { HOUSEHOLD_ROLES, HouseholdRole } from '../access/household-role';

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: HouseholdRole, description: "Never above the caller's own role" })
  @IsIn(HOUSEHOLD_ROLES, { message: `role must be one of ${HOUSEHOLD_ROLES.join(', ')}` })
  role!: HouseholdRole;
}
