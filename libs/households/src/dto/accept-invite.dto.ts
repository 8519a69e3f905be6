import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AcceptInviteDto {
  @ApiProperty({ description: 'The token of the invite link (`/invite?token=...`)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token!: string;
}
