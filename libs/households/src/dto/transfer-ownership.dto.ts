import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class TransferOwnershipDto {
  @ApiProperty({ format: 'uuid', description: 'The member who becomes owner' })
  @IsUUID('all', { message: 'userId must be a user id' })
  userId!: string;
}
