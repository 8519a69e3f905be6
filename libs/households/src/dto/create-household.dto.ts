import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class CreateHouseholdDto {
  /** Checked by the service (400 INVALID_HOUSEHOLD_NAME), which trims and normalizes it. */
  @ApiProperty({
    example: 'The Martins',
    minLength: 1,
    maxLength: 100,
    description: 'Trimmed; 1 to 100 characters, one line, no control characters',
  })
  @IsString()
  name!: string;
}
