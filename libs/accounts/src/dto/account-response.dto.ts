import { ApiProperty } from '@nestjs/swagger';

export class AccountResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Lower-cased' })
  email!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty()
  emailVerified!: boolean;
}
