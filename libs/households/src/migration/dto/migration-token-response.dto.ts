import { ApiProperty } from '@nestjs/swagger';

export type MigrationTokenState = 'active' | 'expired' | 'revoked';

/** A migration token as its household's owners see it later (never the token). */
export class MigrationTokenResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['active', 'expired', 'revoked'] })
  state!: MigrationTokenState;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the export was first downloaded with this token',
  })
  exportDownloadedAt!: string | null;
}
