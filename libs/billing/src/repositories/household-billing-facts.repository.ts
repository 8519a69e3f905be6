import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Language } from '@foyer/mail';

export interface BillingContact {
  email: string;
  displayName: string;
  language: Language;
}

/**
 * Read-only facts about a household that billing shows or acts on: its name, seats taken
 * (members plus pending, unexpired invites, as SeatCheck counts them) and its owners' addresses.
 * Control-plane tables only, read through their public columns.
 */
@Injectable()
export class HouseholdBillingFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async householdName(householdId: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      'SELECT name FROM households WHERE id = $1',
      [householdId],
    );
    return rows[0]?.name ?? null;
  }

  async seatsUsed(householdId: string): Promise<number> {
    const rows = await this.dataSource.query<{ seats: number }[]>(
      `SELECT (SELECT count(*) FROM memberships WHERE household_id = $1)::int
            + (SELECT count(*) FROM invites
                WHERE household_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
                  AND expires_at > now())::int AS seats`,
      [householdId],
    );
    return rows[0]?.seats ?? 0;
  }

  async owners(householdId: string): Promise<BillingContact[]> {
    const rows = await this.dataSource.query<
      { email: string; display_name: string; language: Language }[]
    >(
      `SELECT u.email, u.display_name, u.language
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.household_id = $1 AND m.role = 'owner'
        ORDER BY m.joined_at`,
      [householdId],
    );
    return rows.map((row) => ({
      email: row.email,
      displayName: row.display_name,
      language: row.language,
    }));
  }
}
