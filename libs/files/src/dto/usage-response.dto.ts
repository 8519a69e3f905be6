import { ApiProperty } from '@nestjs/swagger';

export class UsageResponse {
  @ApiProperty({ description: 'Bytes of every file, the trash included' })
  usedBytes!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'The quota; null means unlimited' })
  quotaBytes!: number | null;
}
