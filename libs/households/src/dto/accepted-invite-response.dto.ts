import { ApiProperty } from '@nestjs/swagger';
import { HouseholdRole } from '../access/household-role';

/** The household the caller just joined. */
export class AcceptedInviteResponse {
  @ApiProperty({ format: 'uuid' })
  householdId!: string;

  @ApiProperty({ example: 'the-martins' })
  slug!: string;

  @ApiProperty({ example: 'The Martins' })
  name!: string;

  @ApiProperty({ enum: HouseholdRole })
  role!: HouseholdRole;
}
