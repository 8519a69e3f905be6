import { ApiProperty } from '@nestjs/swagger';

export class LoginResponse {
  @ApiProperty({
    description:
      'The session token, for `Authorization: Bearer`; the same session is also set as the httpOnly `foyer_session` cookie',
  })
  accessToken!: string;
}
