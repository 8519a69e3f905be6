import { ApiProperty } from '@nestjs/swagger';

export class DeletionCancelledResponse {
  @ApiProperty({ enum: ['active'] })
  status!: 'active';
}
