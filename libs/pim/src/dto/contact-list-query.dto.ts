import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const CONTACT_PAGE_DEFAULT = 100;
export const CONTACT_PAGE_MAX = 500;

export class ContactListQueryDto {
  @ApiPropertyOptional({
    description: 'Search: part of a name, an email, or a phone number (any format)',
    example: 'ada',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: CONTACT_PAGE_MAX, default: CONTACT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CONTACT_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'From `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}
