import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '@foyer/mail';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../passwords/password-policy';
import { Trim } from './trim';

export class SignupDto {
  @ApiProperty({
    example: 'ada@example.com',
    maxLength: 254,
    description: 'Compared case-insensitively',
  })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    description: 'At least 10 characters, and not one of the most common passwords',
  })
  @IsString()
  password!: string;

  @ApiProperty({ example: 'Ada', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiPropertyOptional({
    description: 'The token of an invite, needed when signup is by invite only',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  inviteToken?: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description:
      "The account's language (mails); without it, the request's Accept-Language, else en",
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}
