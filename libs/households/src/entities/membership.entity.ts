import { Column, Entity, PrimaryColumn } from 'typeorm';
import { HouseholdRole } from '../access/household-role';

/** A person's place in a household (control-plane table). */
@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  role!: HouseholdRole;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt!: Date;
}
