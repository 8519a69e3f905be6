import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;

/** A new personal address book or calendar (or, `shared: true`, the household's). */
export class CreateCollectionDto {
  @ApiProperty({ example: 'Work', maxLength: 1024 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  displayName!: string;

  @ApiPropertyOptional({ maxLength: 8192 })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  description?: string;

  @ApiPropertyOptional({ example: '#3a7bd5' })
  @IsOptional()
  @Matches(COLOR_PATTERN, { message: 'color must be #RRGGBB or #RRGGBBAA' })
  color?: string;

  @ApiPropertyOptional({
    description: "The household's collection rather than your own (default: yours)",
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;

  @ApiPropertyOptional({ description: 'Let the household read your collection', default: false })
  @IsOptional()
  @IsBoolean()
  sharedWithHousehold?: boolean;

  @ApiPropertyOptional({
    type: [String],
    enum: ['VEVENT', 'VTODO', 'VJOURNAL'],
    description: 'Calendars only: the components it takes (default VEVENT and VTODO)',
  })
  @IsOptional()
  @IsIn(['VEVENT', 'VTODO', 'VJOURNAL'], { each: true })
  components?: ('VEVENT' | 'VTODO' | 'VJOURNAL')[];
}
