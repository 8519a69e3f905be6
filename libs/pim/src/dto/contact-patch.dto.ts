import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ContactInputDto } from './contact-input.dto';

/** PATCH: only the fields given change; `null` clears one. */
export class ContactPatchDto extends PartialType(ContactInputDto) {
  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  override fullName?: string;
}
