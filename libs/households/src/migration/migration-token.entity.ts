import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A migration token (control-plane table): lets a target Foyer pull one household's export for
 * 24 hours. Only the token's SHA-256 is stored; the token itself is shown once, at creation.
 */
@Entity({ name: 'migration_tokens' })
export class MigrationTokenEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  /** Set when the export was downloaded with this token: the holder may then mark the household moved. */
  @Column({ name: 'export_downloaded_at', type: 'timestamptz', nullable: true })
  exportDownloadedAt!: Date | null;
}
