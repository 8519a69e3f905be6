import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { COLOR_PATTERN } from './create-collection.dto';

/** Rename, describe, recolor or (your own) share a collection; absent fields stay. */
export class UpdateCollectionDto {
  @ApiPropertyOptional({ maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 8192 })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  description?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes the color' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Matches(COLOR_PATTERN, { message: 'color must be #RRGGBB or #RRGGBBAA' })
  color?: string | null;

  @ApiPropertyOptional({ description: 'Your own collections: let the household read it' })
  @IsOptional()
  @IsBoolean()
  sharedWithHousehold?: boolean;
}
