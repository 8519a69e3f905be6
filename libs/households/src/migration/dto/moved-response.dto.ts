import { ApiProperty } from '@nestjs/swagger';

export class MovedResponse {
  @ApiProperty({ format: 'uuid' })
  householdId!: string;

  @ApiProperty({ example: 'https://foyer.martin-family.org/h/the-martins' })
  movedTo!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  movedAt!: string;
}
