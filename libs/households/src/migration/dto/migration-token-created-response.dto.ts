import { ApiProperty } from '@nestjs/swagger';

/** A new migration token: the only time the token itself is shown. */
export class MigrationTokenCreatedResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'foyer-mig_3q2…', description: 'Shown once; only its hash is kept' })
  token!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({
    example: 'foyer migrate --from https://foyer.example.org --token foyer-mig_3q2…',
    description: 'The command to run on the target server',
  })
  command!: string;
}
