import { ApiProperty } from '@nestjs/swagger';

export class DeletionRequestedResponse {
  @ApiProperty({ enum: ['pending_deletion'] })
  status!: 'pending_deletion';

  @ApiProperty({
    description: 'When everything of the household is deleted for good, unless an owner cancels',
  })
  purgeAfter!: Date;

  @ApiProperty({
    description:
      'What the purge does, for people: the encryption key goes first, so no copy of the data ' +
      '(backups of the store included) can be read afterwards',
  })
  notice!: string;
}
