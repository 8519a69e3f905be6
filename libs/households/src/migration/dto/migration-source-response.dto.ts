import { ApiProperty } from '@nestjs/swagger';

class MigrationSourceHousehold {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'the-martins' })
  slug!: string;

  @ApiProperty({ example: 'The Martins' })
  name!: string;
}

/** What a migration token opens, for `foyer migrate` on the target before it pulls anything. */
export class MigrationSourceResponse {
  @ApiProperty({ type: MigrationSourceHousehold })
  household!: MigrationSourceHousehold;

  @ApiProperty({ format: 'uuid' })
  tokenId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ example: '/api/v1/households/4b0e…/exports' })
  exportsPath!: string;

  @ApiProperty({ example: '/api/v1/households/4b0e…/moved' })
  movedPath!: string;
}
