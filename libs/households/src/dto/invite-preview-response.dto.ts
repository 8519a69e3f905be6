import { ApiProperty } from '@nestjs/swagger';
import { HouseholdRole } from '../access/household-role';

/** What the page of an invite link shows before anyone signs in or up. */
export class InvitePreviewResponse {
  @ApiProperty()
  householdName!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null when their account is gone' })
  inviterName!: string | null;

  @ApiProperty({ description: 'The address the invite was sent to' })
  email!: string;

  @ApiProperty({ enum: HouseholdRole })
  role!: HouseholdRole;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;
}
