import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** Either or both; the service checks each (INVALID_HOUSEHOLD_NAME, INVALID_SLUG). */
export class UpdateHouseholdDto {
  @ApiPropertyOptional({
    example: 'The Martin-Duponts',
    maxLength: 100,
    description: 'New name (owner or admin)',
  })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    example: 'martin-dupont',
    maxLength: 48,
    pattern: '^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$',
    description:
      'New address (owner only): lower-case letters, digits and inner hyphens, not a reserved word. The old slug stops working at once',
  })
  @IsOptional()
  @IsString()
  slug?: string;
}
