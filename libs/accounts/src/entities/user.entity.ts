import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from '@foyer/mail';

/** A person's account (global table). The email is stored lower-cased and is unique. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  @Column({ name: 'is_instance_admin', type: 'boolean', default: false })
  isInstanceAdmin!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'password_changed_at', type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt!: Date;

  /** Of mails and default folder names; the web app follows it once signed in. */
  @Column({ type: 'text', default: 'en' })
  language!: Language;

  /** A new address waiting for the link mailed to it; the account keeps `email` until then. */
  @Column({ name: 'pending_email', type: 'text', nullable: true })
  pendingEmail!: string | null;
}
