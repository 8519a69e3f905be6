import { Injectable } from '@nestjs/common';
import { HouseholdId, HouseholdScope } from '@foyer/core';

/** Enough of an object to address it through PimObjectsService (which works by href). */
export interface ObjectHandle {
  id: string;
  href: string;
  uid: string;
  etag: string;
}

/** A contact as the REST listing shows it (no text). */
export interface ContactRow {
  id: string;
  uid: string;
  etag: string;
  formattedName: string;
  givenName: string | null;
  familyName: string | null;
  organization: string | null;
  emails: string[];
  phones: string[];
  phonesE164: string[];
  lastModified: Date;
  /** The sort key the cursor carries. */
  sortName: string;
}

interface ContactDbRow {
  id: string;
  uid: string;
  etag: string;
  formatted_name: string | null;
  given_name: string | null;
  family_name: string | null;
  organization: string | null;
  emails: string[];
  phones: string[];
  phones_e164: string[];
  last_modified: Date;
  sort_name: string;
}

/**
 * Reads of `pim_objects` the REST API needs beside PimObjectsService: an object by its id, the
 * contacts of one address book by name with a keyset cursor and a search, and the UIDs and etags
 * of a collection (for imports). Tenant reads, always in the household's scope.
 */
@Injectable()
export class PimObjectLookupRepository {
  constructor(private readonly scope: HouseholdScope) {}

  findHandle(
    householdId: HouseholdId,
    collectionId: string,
    id: string,
  ): Promise<ObjectHandle | null> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ObjectHandle[]>(
        `SELECT id, href, uid, etag FROM pim_objects
          WHERE household_id = $1 AND collection_id = $2 AND id::text = $3`,
        [householdId, collectionId, id],
      );
      return rows[0] ?? null;
    });
  }

  /**
   * A page of an address book's contacts by name (then id), after a cursor. `search` matches
   * part of a name, an email or a phone as written (case-insensitive), and `phoneE164` a phone
   * number written any other way.
   */
  listContacts(
    householdId: HouseholdId,
    collectionId: string,
    query: {
      search: string | null;
      phoneE164: string | null;
      after: { sortName: string; id: string } | null;
      limit: number;
    },
  ): Promise<ContactRow[]> {
    const pattern =
      query.search === null
        ? null
        : `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<ContactDbRow[]>(
        `SELECT id, uid, etag, formatted_name, given_name, family_name, organization, emails,
                phones, phones_e164, last_modified, sort_name
           FROM (SELECT *, lower(coalesce(formatted_name, '')) AS sort_name FROM pim_objects
                  WHERE household_id = $1 AND collection_id = $2 AND component = 'VCARD') o
          WHERE ($3::text IS NULL
                 OR sort_name LIKE $3
                 OR lower(coalesce(given_name, '')) LIKE $3
                 OR lower(coalesce(family_name, '')) LIKE $3
                 OR lower(coalesce(organization, '')) LIKE $3
                 OR EXISTS (SELECT 1 FROM unnest(emails || phones) t WHERE lower(t) LIKE $3)
                 OR ($4::text IS NOT NULL AND $4 = ANY(phones_e164)))
            AND ($5::text IS NULL OR (sort_name, id::text) > ($5, $6::text))
          ORDER BY sort_name, id::text
          LIMIT $7`,
        [
          householdId,
          collectionId,
          pattern,
          query.phoneE164,
          query.after?.sortName ?? null,
          query.after?.id ?? null,
          query.limit,
        ],
      );
      return rows.map((row) => ({
        id: row.id,
        uid: row.uid,
        etag: row.etag,
        formattedName: row.formatted_name ?? '',
        givenName: row.given_name,
        familyName: row.family_name,
        organization: row.organization,
        emails: row.emails,
        phones: row.phones,
        phonesE164: row.phones_e164,
        lastModified: row.last_modified,
        sortName: row.sort_name,
      }));
    });
  }

  /** UID → etag of every object of a collection (what an import compares against). */
  etagsByUid(householdId: HouseholdId, collectionId: string): Promise<Map<string, string>> {
    return this.scope.run(householdId, async ({ manager }) => {
      const rows = await manager.query<{ uid: string; etag: string }[]>(
        'SELECT uid, etag FROM pim_objects WHERE household_id = $1 AND collection_id = $2',
        [householdId, collectionId],
      );
      return new Map(rows.map((row) => [row.uid, row.etag]));
    });
  }
}
