import { ApiProperty } from '@nestjs/swagger';
import { HouseholdRole } from '../access/household-role';

/** An open invite, as the household's managers see it (never its token). */
export class InviteResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'grandma@example.com' })
  email!: string;

  @ApiProperty({ enum: HouseholdRole })
  role!: HouseholdRole;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({
    enum: ['pending', 'expired'],
    description: 'An expired invite no longer works; resending gives it a new link and 7 days',
  })
  status!: 'pending' | 'expired';
}
