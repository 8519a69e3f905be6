import { ApiProperty } from '@nestjs/swagger';
import { MembershipResponse } from './membership-response.dto';

export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty()
  emailVerified!: boolean;

  @ApiProperty({ description: 'Administers this Foyer instance (the first account)' })
  isInstanceAdmin!: boolean;

  @ApiProperty({ type: [MembershipResponse] })
  memberships!: MembershipResponse[];
}
