import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contacts and calendars (libs/pim). A collection is an address book or a calendar, shared by
 * the household (no owner) or personal to a member (visible to others only when shared within
 * the household). An object keeps its original vCard or iCalendar text beside the columns that
 * queries need. `pim_changes` keeps, per href, the revision of its latest change (a tombstone
 * when deleted): what RFC 6578 sync-collection answers from a token. Tenant tables under
 * row-level security; rows go with the household. Like `file_nodes.created_by`, the owner and
 * creator are user ids without a foreign key, so an archive restores them on another instance.
 */
export class Pim1764100000800 implements MigrationInterface {
  name = 'Pim1764100000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pim_collections (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        name text NOT NULL,
        owner_user_id uuid,
        shared_with_household boolean NOT NULL DEFAULT false,
        display_name text NOT NULL,
        description text NOT NULL DEFAULT '',
        color text,
        components text[] NOT NULL DEFAULT '{}',
        revision bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (household_id, id),
        UNIQUE (household_id, kind, name),
        CONSTRAINT pim_collections_kind_check CHECK (kind IN ('addressbook', 'calendar')),
        CONSTRAINT pim_collections_name_check CHECK (octet_length(name) BETWEEN 1 AND 255),
        CONSTRAINT pim_collections_text_check CHECK (
          octet_length(display_name) <= 1024 AND octet_length(description) <= 8192
          AND (color IS NULL OR octet_length(color) <= 64)),
        CONSTRAINT pim_collections_shared_check CHECK (
          owner_user_id IS NOT NULL OR shared_with_household = false)
      )`);
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('pim_collections')`);
    await queryRunner.query(`
      CREATE TABLE pim_objects (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        collection_id uuid NOT NULL,
        uid text NOT NULL,
        href text NOT NULL,
        etag text NOT NULL,
        component text NOT NULL,
        content_type text NOT NULL,
        content text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_modified timestamptz NOT NULL DEFAULT now(),
        dtstart timestamptz,
        dtend timestamptz,
        all_day boolean NOT NULL DEFAULT false,
        timezone text,
        recurring boolean NOT NULL DEFAULT false,
        range_start timestamptz,
        range_end timestamptz,
        summary text,
        formatted_name text,
        given_name text,
        family_name text,
        organization text,
        emails text[] NOT NULL DEFAULT '{}',
        phones text[] NOT NULL DEFAULT '{}',
        phones_e164 text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (household_id, id),
        FOREIGN KEY (household_id, collection_id)
          REFERENCES pim_collections (household_id, id) ON DELETE CASCADE,
        UNIQUE (household_id, collection_id, uid),
        UNIQUE (household_id, collection_id, href),
        CONSTRAINT pim_objects_href_check CHECK (octet_length(href) BETWEEN 1 AND 255),
        CONSTRAINT pim_objects_uid_check CHECK (octet_length(uid) BETWEEN 1 AND 1024)
      )`);
    await queryRunner.query(
      `CREATE INDEX pim_objects_range_idx ON pim_objects (household_id, collection_id, range_start)`,
    );
    await queryRunner.query(
      'CREATE INDEX pim_objects_phones_idx ON pim_objects USING gin (phones_e164)',
    );
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('pim_objects')`);
    await queryRunner.query(`
      CREATE TABLE pim_changes (
        household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        collection_id uuid NOT NULL,
        href text NOT NULL,
        revision bigint NOT NULL,
        deleted boolean NOT NULL,
        PRIMARY KEY (household_id, collection_id, href),
        FOREIGN KEY (household_id, collection_id)
          REFERENCES pim_collections (household_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX pim_changes_revision_idx ON pim_changes (household_id, collection_id, revision)',
    );
    await queryRunner.query(`SELECT foyer_enable_tenant_rls('pim_changes')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE pim_changes');
    await queryRunner.query('DROP TABLE pim_objects');
    await queryRunner.query('DROP TABLE pim_collections');
  }
}
