import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One fixed window of a rate limit: how many hits `key` took since `windowStart`. Shared by every
 * replica through the database; rows past `expiresAt` are purged.
 */
@Entity({ name: 'rate_limit_windows' })
export class RateLimitWindowEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
