import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../harness/test-database';
import { checkDistributionKeys } from './distribution-keys';

/**
 * Control-plane tables a tenant table may reference besides households. On Citus they become
 * reference tables (copied to every node), which distributed tables may point at; a new one
 * here is a decision to make on purpose, not by accident (docs/scaling.md).
 */
const REFERENCE_TABLES = ['users'];

describe('the schema stays distributable by household_id (Citus)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('has household_id in the primary key, unique keys and foreign keys of every tenant table', async () => {
    const report = await checkDistributionKeys(db.ownerUrl);
    // Not vacuous: the tables every household has are found as tenant tables, and control-plane
    // ones (marked by their migration) are not.
    expect(report.tenantTables).toEqual(expect.arrayContaining(['audit_events', 'file_nodes']));
    expect(report.tenantTables).not.toContain('memberships');
    expect(report.tenantTables).not.toContain('migration_tokens');
    expect(report.problems).toEqual([]);
    for (const key of report.referenceForeignKeys) {
      const target = /→ (\S+) \(/.exec(key)?.[1];
      expect({ key, allowed: REFERENCE_TABLES.includes(target ?? '') }).toEqual({
        key,
        allowed: true,
      });
    }
  });

  it('finds every kind of table that would not distribute', async () => {
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`
        CREATE TABLE bad_parent (
          household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
          id uuid NOT NULL,
          PRIMARY KEY (household_id, id),
          CONSTRAINT bad_parent_id_key UNIQUE (id))`);
      await owner.query(`
        CREATE TABLE bad_pk (
          household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
          id uuid PRIMARY KEY)`);
      await owner.query(`
        CREATE TABLE bad_no_pk (household_id uuid NOT NULL REFERENCES households (id), body text)`);
      await owner.query(`
        CREATE TABLE bad_child (
          household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
          id uuid NOT NULL,
          parent_id uuid REFERENCES bad_parent (id),
          PRIMARY KEY (household_id, id))`);
      await owner.query(`
        CREATE TABLE bad_swapped (
          household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
          id uuid NOT NULL,
          parent_id uuid,
          PRIMARY KEY (household_id, id),
          CONSTRAINT bad_swapped_parent_fkey
            FOREIGN KEY (parent_id, household_id) REFERENCES bad_parent (household_id, id))`);
      await owner.query(`
        CREATE TABLE bad_unique_index (
          household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
          id uuid NOT NULL,
          name text NOT NULL,
          PRIMARY KEY (household_id, id))`);
      await owner.query(
        'CREATE UNIQUE INDEX bad_unique_index_name ON bad_unique_index (lower(name))',
      );
      await owner.query(`
        CREATE TABLE good_child (
          household_id uuid NOT NULL REFERENCES households (id) ON DELETE CASCADE,
          id uuid NOT NULL,
          parent_id uuid,
          name text NOT NULL,
          PRIMARY KEY (household_id, id),
          FOREIGN KEY (household_id, parent_id) REFERENCES bad_parent (household_id, id))`);
      await owner.query(
        'CREATE UNIQUE INDEX good_child_name ON good_child (household_id, lower(name))',
      );
      // Marked control plane: not distributed, so not held to the rule.
      await owner.query(`CREATE TABLE plane_table (household_id uuid, id uuid PRIMARY KEY)`);
      await owner.query(`COMMENT ON TABLE plane_table IS 'foyer:control-plane'`);
    } finally {
      await owner.end();
    }

    const report = await checkDistributionKeys(db.ownerUrl);
    expect(report.tenantTables).toEqual(
      expect.arrayContaining(['bad_parent', 'bad_pk', 'bad_child', 'good_child']),
    );
    expect(report.tenantTables).not.toContain('plane_table');
    expect([...report.problems].sort()).toEqual(
      [
        'bad_child: foreign key bad_child_parent_id_fkey (parent_id) → bad_parent (id) does not carry household_id to household_id',
        'bad_no_pk: no primary key',
        'bad_parent: unique bad_parent_id_key (id) lacks household_id',
        'bad_pk: primary key bad_pk_pkey (id) lacks household_id',
        'bad_swapped: foreign key bad_swapped_parent_fkey (parent_id,household_id) → bad_parent (household_id,id) does not carry household_id to household_id',
        'bad_unique_index: unique bad_unique_index_name ((expr)) lacks household_id',
      ].sort(),
    );
  });
});
