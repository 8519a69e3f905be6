import { Column, Entity, PrimaryColumn } from 'typeorm';
import { HouseholdRole } from '../access/household-role';

/**
 * An invitation to join a household (control-plane table). Pending while neither accepted nor
 * revoked; `expires_at` ends it without a write. The token itself is never stored: only its
 * SHA-256, and until the mail job issues the first real token, the hash of a random placeholder
 * that nobody knows (the column is NOT NULL and unique).
 */
@Entity({ name: 'invites' })
export class InviteEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  /** Lower-case, as the table's check demands. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  role!: HouseholdRole;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'accepted_by', type: 'uuid', nullable: true })
  acceptedBy!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
