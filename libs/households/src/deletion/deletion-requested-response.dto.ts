import { ApiProperty } from '@nestjs/swagger';

export class DeletionRequestedResponse {
  @ApiProperty({ enum: ['pending_deletion'] })
  status!: 'pending_deletion';

  @ApiProperty({
    description: 'When everything of the household is deleted for good, unless an owner cancels',
  })
  purgeAfter!: Date;
}
