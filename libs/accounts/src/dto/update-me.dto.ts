import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '@foyer/mail';
import { Trim } from './trim';

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Ada', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Of mails and default folder names' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}
