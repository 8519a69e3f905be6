import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of a household's audit log (tenant table, under row-level security). */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryColumn({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;
}
