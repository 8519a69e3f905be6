import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CallImportQueryDto {
  @ApiPropertyOptional({
    description: 'The file name, kept in /Calls/<date>-<name>.csv',
    example: 'orange-2025-03.csv',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({
    description:
      "Country of numbers written without +: the query's, else the household's phoneRegion setting, else FR",
    example: 'FR',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'region must be an ISO 3166 country code, such as FR' })
  region?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone of times written without an offset',
    default: 'Europe/Paris',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}
