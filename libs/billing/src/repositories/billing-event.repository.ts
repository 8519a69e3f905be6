import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface RecordedEvent {
  id: string;
  type: string;
  payload: unknown;
}

/**
 * billing_events (control plane): every verified Stripe event, by its unique id. An event is
 * applied in the transaction that sets its `processed_at`, so it takes effect exactly once.
 */
@Injectable()
export class BillingEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a received event; false when it was already recorded (a replay). */
  async record(event: RecordedEvent): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO billing_events (id, type, payload) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, JSON.stringify(event.payload)],
    );
    return rows.length === 1;
  }

  async isProcessed(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ processed: boolean }[]>(
      'SELECT processed_at IS NOT NULL AS processed FROM billing_events WHERE id = $1',
      [id],
    );
    return rows[0]?.processed ?? false;
  }

  /** The event, locked until the transaction ends, if it is still to be applied. */
  async lockUnprocessed(id: string, manager: EntityManager): Promise<RecordedEvent | null> {
    const rows = await manager.query<RecordedEvent[]>(
      `SELECT id, type, payload FROM billing_events
        WHERE id = $1 AND processed_at IS NULL FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markProcessed(
    id: string,
    householdId: string | null,
    outcome: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE billing_events SET processed_at = now(), household_id = $2, outcome = $3
        WHERE id = $1`,
      [id, householdId, outcome],
    );
  }
}
