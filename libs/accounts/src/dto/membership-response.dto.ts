import { ApiProperty } from '@nestjs/swagger';

export class MembershipResponse {
  @ApiProperty({ format: 'uuid' })
  householdId!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'owner' })
  role!: string;
}
