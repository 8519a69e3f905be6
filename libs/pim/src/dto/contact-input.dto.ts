import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

const present = (_: unknown, value: unknown) => value !== null && value !== undefined;

/**
 * A contact as the web app writes it (POST creates, PUT replaces these fields: an absent one is
 * cleared). Properties the web app does not edit (photo, addresses, …) are kept on PUT.
 */
export class ContactInputDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 1024 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  fullName!: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Ada' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(1024)
  givenName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Lovelace' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(1024)
  familyName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(present)
  @IsString()
  @MaxLength(1024)
  organisation?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['ada@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(320, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ type: [String], example: ['+33 6 12 34 56 78'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  phones?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 65536 })
  @ValidateIf(present)
  @IsString()
  @MaxLength(65536)
  note?: string | null;
}
