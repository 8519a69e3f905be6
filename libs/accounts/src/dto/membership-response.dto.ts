import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MembershipResponse {
  @ApiProperty({ format: 'uuid' })
  householdId!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'owner' })
  role!: string;

  @ApiPropertyOptional({
    description: 'Only once the household was marked moved: its new address (read-only here)',
  })
  movedTo?: string;
}
