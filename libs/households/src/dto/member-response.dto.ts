import { ApiProperty } from '@nestjs/swagger';
import { HouseholdRole } from '../access/household-role';

/** A member of a household, as the other members see them. */
export class MemberResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada' })
  displayName!: string;

  @ApiProperty({ enum: HouseholdRole })
  role!: HouseholdRole;

  @ApiProperty({ type: String, format: 'date-time' })
  joinedAt!: string;
}
