import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';
import { Trim } from './trim';

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
}
