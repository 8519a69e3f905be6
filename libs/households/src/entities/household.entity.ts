import { Column, Entity, PrimaryColumn } from 'typeorm';
import { HouseholdStatus } from '../household-status';

/** A household: the unit Foyer provisions, bills, exports and moves (control-plane table). */
@Entity({ name: 'households' })
export class HouseholdEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  status!: HouseholdStatus;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  settings!: Record<string, unknown>;

  /** The household's data key, wrapped by the master key; null until provisioned or once purged. */
  @Column({ name: 'wrapped_data_key', type: 'text', nullable: true })
  wrappedDataKey!: string | null;

  @Column({ name: 'suspended_reason', type: 'text', nullable: true })
  suspendedReason!: string | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  @Column({ name: 'deletion_requested_at', type: 'timestamptz', nullable: true })
  deletionRequestedAt!: Date | null;

  @Column({ name: 'purge_after', type: 'timestamptz', nullable: true })
  purgeAfter!: Date | null;

  /** Where the household lives now, once marked moved (read-only here from then on). */
  @Column({ name: 'moved_to', type: 'text', nullable: true })
  movedTo!: string | null;

  @Column({ name: 'moved_at', type: 'timestamptz', nullable: true })
  movedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
