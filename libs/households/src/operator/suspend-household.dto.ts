import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class SuspendHouseholdDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'Why, for the audit log and the operator (surrounding spaces are trimmed)',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
