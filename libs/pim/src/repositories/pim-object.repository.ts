import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';
import type { PimComponent } from '../model/pim-object-kind';
import type {
  PimContactFields,
  PimEventFields,
  PimObject,
  PimObjectHead,
} from '../model/pim-records';

interface ObjectRow {
  id: string;
  collection_id: string;
  uid: string;
  href: string;
  etag: string;
  component: PimComponent;
  content_type: string;
  content?: string;
  created_by: string | null;
  created_at: Date;
  last_modified: Date;
  dtstart: Date | null;
  dtend: Date | null;
  all_day: boolean;
  timezone: string | null;
  recurring: boolean;
  range_start: Date | null;
  range_end: Date | null;
  summary: string | null;
  formatted_name: string | null;
  given_name: string | null;
  family_name: string | null;
  organization: string | null;
  emails: string[];
  phones: string[];
  phones_e164: string[];
}

const HEAD_COLUMNS = `id, collection_id, uid, href, etag, component, content_type, created_by,
  created_at, last_modified, dtstart, dtend, all_day, timezone, recurring, range_start, range_end,
  summary, formatted_name, given_name, family_name, organization, emails, phones, phones_e164`;
const ALL_COLUMNS = `${HEAD_COLUMNS}, content`;

function toObject(row: ObjectRow): PimObject {
  const isContact = row.component === 'VCARD';
  return {
    id: row.id,
    collectionId: row.collection_id,
    uid: row.uid,
    href: row.href,
    etag: row.etag,
    component: row.component,
    contentType: row.content_type,
    content: row.content ?? '',
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastModified: row.last_modified,
    event: isContact
      ? null
      : {
          summary: row.summary,
          dtstart: row.dtstart,
          dtend: row.dtend,
          allDay: row.all_day,
          timezone: row.timezone,
          recurring: row.recurring,
          rangeStart: row.range_start,
          rangeEnd: row.range_end,
        },
    contact: isContact
      ? {
          formattedName: row.formatted_name ?? '',
          givenName: row.given_name,
          familyName: row.family_name,
          organization: row.organization,
          emails: row.emails,
          phones: row.phones,
          phonesE164: row.phones_e164,
        }
      : null,
  };
}

function toHead(row: ObjectRow): PimObjectHead {
  const { content: _content, ...head } = toObject(row);
  return head;
}

/** An object as written: its text and what was extracted from it. */
export interface ObjectWrite {
  uid: string;
  href: string;
  etag: string;
  component: PimComponent;
  contentType: string;
  content: string;
  createdBy: string | null;
  event: PimEventFields | null;
  contact: PimContactFields | null;
}

/** A text search on contacts: where to look and how to compare (already case-folded). */
export interface ContactTextMatch {
  fields: ('name' | 'email' | 'phone')[];
  text: string;
  matchType: 'contains' | 'equals' | 'starts-with' | 'ends-with';
  negate: boolean;
}

function likePattern(text: string, matchType: ContactTextMatch['matchType']): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  switch (matchType) {
    case 'equals':
      return escaped;
    case 'starts-with':
      return `${escaped}%`;
    case 'ends-with':
      return `%${escaped}`;
    default:
      return `%${escaped}%`;
  }
}

/** `pim_objects` and `pim_changes`, tenant tables, always in the household's scope. */
@Injectable()
export class PimObjectRepository {
  constructor(private readonly scope: HouseholdScope) {}

  /** Objects of a collection by href order, without their text unless asked. */
  list(
    householdId: HouseholdId,
    collectionId: string,
    options: { limit?: number; offset?: number; withContent?: boolean } = {},
  ): Promise<PimObject[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `SELECT ${options.withContent ? ALL_COLUMNS : HEAD_COLUMNS} FROM pim_objects
          WHERE household_id = $1 AND collection_id = $2
          ORDER BY href LIMIT $3 OFFSET $4`,
        [householdId, collectionId, options.limit ?? null, options.offset ?? 0],
      );
      return rows.map(toObject);
    });
  }

  count(householdId: HouseholdId, collectionId: string): Promise<number> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ count: string }[]>(
        'SELECT count(*) FROM pim_objects WHERE household_id = $1 AND collection_id = $2',
        [householdId, collectionId],
      );
      return Number(rows[0].count);
    });
  }

  findByHrefs(
    householdId: HouseholdId,
    collectionId: string,
    hrefs: readonly string[],
  ): Promise<PimObject[]> {
    if (hrefs.length === 0) return Promise.resolve([]);
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `SELECT ${ALL_COLUMNS} FROM pim_objects
          WHERE household_id = $1 AND collection_id = $2 AND href = ANY($3::text[])`,
        [householdId, collectionId, hrefs],
      );
      return rows.map(toObject);
    });
  }

  async findByHref(
    householdId: HouseholdId,
    collectionId: string,
    href: string,
  ): Promise<PimObject | null> {
    const [found] = await this.findByHrefs(householdId, collectionId, [href]);
    return found ?? null;
  }

  findByUid(
    householdId: HouseholdId,
    collectionId: string,
    uid: string,
  ): Promise<PimObject | null> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `SELECT ${ALL_COLUMNS} FROM pim_objects
          WHERE household_id = $1 AND collection_id = $2 AND uid = $3`,
        [householdId, collectionId, uid],
      );
      return rows[0] ? toObject(rows[0]) : null;
    });
  }

  /** Inserts or replaces the object at its href. */
  upsert(householdId: HouseholdId, collectionId: string, write: ObjectWrite): Promise<PimObject> {
    const event = write.event;
    const contact = write.contact;
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `INSERT INTO pim_objects (household_id, collection_id, uid, href, etag, component,
           content_type, content, created_by, dtstart, dtend, all_day, timezone, recurring,
           range_start, range_end, summary, formatted_name, given_name, family_name, organization,
           emails, phones, phones_e164)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
           $19, $20, $21, $22, $23, $24)
         ON CONFLICT (household_id, collection_id, href) DO UPDATE SET
           uid = EXCLUDED.uid, etag = EXCLUDED.etag, component = EXCLUDED.component,
           content_type = EXCLUDED.content_type, content = EXCLUDED.content,
           last_modified = now(), dtstart = EXCLUDED.dtstart, dtend = EXCLUDED.dtend,
           all_day = EXCLUDED.all_day, timezone = EXCLUDED.timezone,
           recurring = EXCLUDED.recurring, range_start = EXCLUDED.range_start,
           range_end = EXCLUDED.range_end, summary = EXCLUDED.summary,
           formatted_name = EXCLUDED.formatted_name, given_name = EXCLUDED.given_name,
           family_name = EXCLUDED.family_name, organization = EXCLUDED.organization,
           emails = EXCLUDED.emails, phones = EXCLUDED.phones, phones_e164 = EXCLUDED.phones_e164
         RETURNING ${ALL_COLUMNS}`,
        [
          householdId,
          collectionId,
          write.uid,
          write.href,
          write.etag,
          write.component,
          write.contentType,
          write.content,
          write.createdBy,
          event?.dtstart ?? null,
          event?.dtend ?? null,
          event?.allDay ?? false,
          event?.timezone ?? null,
          event?.recurring ?? false,
          event?.rangeStart ?? null,
          event?.rangeEnd ?? null,
          event?.summary ?? null,
          contact?.formattedName ?? null,
          contact?.givenName ?? null,
          contact?.familyName ?? null,
          contact?.organization ?? null,
          contact?.emails ?? [],
          contact?.phones ?? [],
          contact?.phonesE164 ?? [],
        ],
      );
      return toObject(rows[0]);
    });
  }

  delete(householdId: HouseholdId, collectionId: string, href: string): Promise<void> {
    return this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        'DELETE FROM pim_objects WHERE household_id = $1 AND collection_id = $2 AND href = $3',
        [householdId, collectionId, href],
      );
    });
  }

  /** Records the latest change of an href (RFC 6578): one row per href, its newest revision. */
  recordChange(
    householdId: HouseholdId,
    collectionId: string,
    href: string,
    revision: number,
    deleted: boolean,
  ): Promise<void> {
    return this.scope.run(householdId, async ({ manager }) => {
      await manager.query(
        `INSERT INTO pim_changes (household_id, collection_id, href, revision, deleted)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (household_id, collection_id, href)
         DO UPDATE SET revision = EXCLUDED.revision, deleted = EXCLUDED.deleted`,
        [householdId, collectionId, href, revision, deleted],
      );
    });
  }

  /** The hrefs changed after a revision: live ones with their head, deleted ones by name. */
  changesSince(
    householdId: HouseholdId,
    collectionId: string,
    revision: number,
  ): Promise<{ changed: PimObjectHead[]; deleted: string[] }> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<(ObjectRow & { change_href: string; deleted: boolean })[]>(
        `SELECT c.href AS change_href, c.deleted, ${HEAD_COLUMNS.split(',')
          .map((column) => `o.${column.trim()}`)
          .join(', ')}
           FROM pim_changes c
           LEFT JOIN pim_objects o ON o.household_id = c.household_id
            AND o.collection_id = c.collection_id AND o.href = c.href
          WHERE c.household_id = $1 AND c.collection_id = $2 AND c.revision > $3
          ORDER BY c.revision`,
        [householdId, collectionId, revision],
      );
      const changed: PimObjectHead[] = [];
      const deleted: string[] = [];
      for (const row of rows) {
        if (row.deleted || row.id === null) deleted.push(row.change_href);
        else changed.push(toHead(row));
      }
      return { changed, deleted };
    });
  }

  /** Calendar objects whose prefilter bounds meet the range (then expanded by the caller). */
  inRange(
    householdId: HouseholdId,
    collectionIds: readonly string[],
    range: { start: Date | null; end: Date | null },
    component: PimComponent | null,
    page: { limit?: number; offset?: number } = {},
  ): Promise<PimObject[]> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `SELECT ${ALL_COLUMNS} FROM pim_objects
          WHERE household_id = $1 AND collection_id = ANY($2::uuid[])
            AND component <> 'VCARD' AND ($5::text IS NULL OR component = $5)
            AND ($4::timestamptz IS NULL OR range_start IS NULL OR range_start < $4)
            AND ($3::timestamptz IS NULL OR range_end IS NULL OR range_end >= $3)
          ORDER BY dtstart NULLS FIRST, href, collection_id LIMIT $6 OFFSET $7`,
        [
          householdId,
          collectionIds,
          range.start,
          range.end,
          component,
          page.limit ?? null,
          page.offset ?? 0,
        ],
      );
      return rows.map(toObject);
    });
  }

  /**
   * Contacts matching every condition (allOf) or any (anyOf), case-insensitively
   * (`i;unicode-casemap`, approximated by PostgreSQL's lower()); phones also match on E.164.
   */
  contactsMatching(
    householdId: HouseholdId,
    collectionIds: readonly string[],
    matches: readonly ContactTextMatch[],
    test: 'allOf' | 'anyOf',
    limit: number,
    offset = 0,
  ): Promise<PimObject[]> {
    const params: unknown[] = [householdId, collectionIds];
    const conditions = matches.map((match) => {
      params.push(likePattern(match.text.toLowerCase(), match.matchType));
      const p = `$${params.length}`;
      const parts: string[] = [];
      if (match.fields.includes('name')) {
        parts.push(
          `lower(coalesce(formatted_name, '')) LIKE ${p}`,
          `lower(coalesce(given_name, '')) LIKE ${p}`,
          `lower(coalesce(family_name, '')) LIKE ${p}`,
        );
      }
      if (match.fields.includes('email')) {
        parts.push(`EXISTS (SELECT 1 FROM unnest(emails) e WHERE lower(e) LIKE ${p})`);
      }
      if (match.fields.includes('phone')) {
        parts.push(
          `EXISTS (SELECT 1 FROM unnest(phones || phones_e164) t WHERE lower(t) LIKE ${p})`,
        );
      }
      const any = parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
      return match.negate ? `NOT ${any}` : any;
    });
    const where =
      conditions.length > 0 ? conditions.join(test === 'allOf' ? ' AND ' : ' OR ') : 'true';
    params.push(limit, offset);
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `SELECT ${ALL_COLUMNS} FROM pim_objects
          WHERE household_id = $1 AND collection_id = ANY($2::uuid[]) AND component = 'VCARD'
            AND (${where})
          ORDER BY lower(coalesce(formatted_name, '')), href, collection_id
          LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return rows.map(toObject);
    });
  }

  /** Contacts with any of these E.164 numbers ("Who called?"). */
  contactsByPhones(
    householdId: HouseholdId,
    collectionIds: readonly string[],
    phonesE164: readonly string[],
  ): Promise<PimObject[]> {
    if (phonesE164.length === 0) return Promise.resolve([]);
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectRow[]>(
        `SELECT ${HEAD_COLUMNS} FROM pim_objects
          WHERE household_id = $1 AND collection_id = ANY($2::uuid[]) AND component = 'VCARD'
            AND phones_e164 && $3::text[]
          ORDER BY lower(coalesce(formatted_name, '')), href`,
        [householdId, collectionIds, phonesE164],
      );
      return rows.map(toObject);
    });
  }
}
