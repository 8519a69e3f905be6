import { ApiProperty } from '@nestjs/swagger';
import { HouseholdRole } from '../access/household-role';
import { HouseholdStatus } from '../household-status';

/** A household as one of its members sees it. */
export class HouseholdResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'the-martins' })
  slug!: string;

  @ApiProperty({ example: 'The Martins' })
  name!: string;

  @ApiProperty({ enum: HouseholdStatus })
  status!: HouseholdStatus;

  @ApiProperty({ enum: HouseholdRole, description: "The caller's role in this household" })
  role!: HouseholdRole;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}
