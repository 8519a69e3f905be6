import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class CheckoutDto {
  @ApiProperty({ example: 'family', description: 'A paid plan of GET /api/v1/plans' })
  @IsString()
  @MaxLength(64)
  planId!: string;
}
