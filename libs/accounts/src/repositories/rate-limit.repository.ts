import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RateLimitWindowEntity } from '../entities/rate-limit-window.entity';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Whole seconds until the current window ends (at least 1). */
  secondsLeft: number;
}

/** The current fixed window, computed by the database so that every replica agrees. */
const WINDOW_START = `to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int)`;

/**
 * Fixed-window counters shared across replicas: one atomic upsert per hit, so concurrent hits
 * are all counted and no read-modify-write race exists.
 */
@Injectable()
export class RateLimitRepository {
  constructor(
    @InjectRepository(RateLimitWindowEntity)
    private readonly rows: Repository<RateLimitWindowEntity>,
  ) {}

  async hit(key: string, windowSeconds: number): Promise<WindowCount> {
    const [row] = (await this.rows.query(
      `INSERT INTO rate_limit_windows AS w (key, window_start, count, expires_at)
       VALUES ($1, ${WINDOW_START}, 1, ${WINDOW_START} + make_interval(secs => $2::int))
       ON CONFLICT (key, window_start) DO UPDATE SET count = w.count + 1
       RETURNING w.count,
                 greatest(1, ceil(extract(epoch FROM w.expires_at - now())))::int AS seconds_left`,
      [key, windowSeconds],
    )) as { count: number; seconds_left: number }[];
    return { count: row.count, secondsLeft: row.seconds_left };
  }

  /** Gives back one hit of the current window (a successful login does not use up the budget). */
  async refund(key: string, windowSeconds: number): Promise<void> {
    await this.rows.query(
      `UPDATE rate_limit_windows SET count = greatest(count - 1, 0)
        WHERE key = $1 AND window_start = ${WINDOW_START}`,
      [key, windowSeconds],
    );
  }

  async clear(key: string): Promise<void> {
    await this.rows.delete({ key });
  }

  async purgeEnded(): Promise<number> {
    const result: [unknown[], number] = await this.rows.query(
      'DELETE FROM rate_limit_windows WHERE expires_at < now()',
    );
    return result[1];
  }
}
