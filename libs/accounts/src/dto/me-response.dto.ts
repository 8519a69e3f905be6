import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGES, type Language } from '@foyer/mail';
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

  @ApiProperty({ enum: LANGUAGES, description: 'Of mails and default folder names' })
  language!: Language;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A new address waiting for the link mailed to it',
  })
  pendingEmail!: string | null;

  @ApiProperty({ description: 'Administers this Foyer instance (the first account)' })
  isInstanceAdmin!: boolean;

  @ApiProperty({ type: [MembershipResponse] })
  memberships!: MembershipResponse[];
}
