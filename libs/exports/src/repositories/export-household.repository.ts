import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Language } from '@foyer/mail';

export interface ExportHousehold {
  id: string;
  name: string;
  slug: string;
  status: string;
}

export interface ExportRecipient {
  email: string;
  displayName: string;
  language: Language;
}

/**
 * What exports read of the control plane: the household's name and address (for the manifest
 * and the CLI's `--household <slug>`), the households the expiry sweep visits, and the
 * requester's address for the "ready" mail. Read-only.
 */
@Injectable()
export class ExportHouseholdRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<ExportHousehold | undefined> {
    const [row] = await this.dataSource.query<ExportHousehold[]>(
      `SELECT id, name, slug, status FROM households WHERE id = $1`,
      [id],
    );
    return row;
  }

  async findBySlug(slug: string): Promise<ExportHousehold | undefined> {
    const [row] = await this.dataSource.query<ExportHousehold[]>(
      `SELECT id, name, slug, status FROM households WHERE slug = $1`,
      [slug.toLowerCase()],
    );
    return row;
  }

  /** Every household that may hold archives (not one being purged: its bucket goes whole). */
  async householdIds(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM households WHERE status <> 'purging' ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }

  async recipient(userId: string): Promise<ExportRecipient | undefined> {
    const [row] = await this.dataSource.query<
      { email: string; display_name: string; language: Language }[]
    >(`SELECT email, display_name, language FROM users WHERE id = $1`, [userId]);
    return row
      ? { email: row.email, displayName: row.display_name, language: row.language }
      : undefined;
  }
}
