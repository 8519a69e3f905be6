import { ApiProperty } from '@nestjs/swagger';

export class StorageEncryptionResponse {
  @ApiProperty({ description: 'Households of the instance' })
  households!: number;

  @ApiProperty({ description: 'Households that may still hold objects stored before encryption' })
  householdsRemaining!: number;

  @ApiProperty({ description: 'Objects the migration has encrypted so far' })
  objectsEncrypted!: number;

  @ApiProperty({ description: 'True once every household refuses objects without envelope' })
  done!: boolean;
}
