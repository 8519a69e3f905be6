import { Client } from 'pg';

/** One constraint or unique index of a tenant table, with its columns by name. */
interface KeyRow {
  table: string;
  name: string;
  /** p: primary key, u: unique constraint, f: foreign key, i: unique index without a constraint. */
  kind: 'p' | 'u' | 'f' | 'i';
  columns: string[];
  /** Foreign keys only: the table referenced, its columns, and whether it is a tenant table. */
  target: string | null;
  targetColumns: string[] | null;
  targetIsTenant: boolean | null;
}

export interface DistributionReport {
  /** Tenant tables: a household_id column, and not marked `foyer:control-plane`. */
  tenantTables: string[];
  /** What would stop `create_distributed_table(<table>, 'household_id')`, one line each. */
  problems: string[];
  /**
   * Foreign keys from tenant tables to control-plane tables other than households (users, …):
   * allowed on Citus when the target is a reference table, listed so that stays a decision.
   */
  referenceForeignKeys: string[];
}

/** Tables with a household_id that are not control plane, as the tenancy floor defines them. */
const TENANT_TABLES = `
  SELECT c.oid
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'household_id' AND NOT a.attisdropped
   WHERE c.relkind IN ('r', 'p')
     AND coalesce(obj_description(c.oid, 'pg_class'), '') <> 'foyer:control-plane'`;

/** Column names of `attnums` in `relid`, in order; an expression (attnum 0) reads as `(expr)`. */
const NAMES = (relid: string, attnums: string) => `
  ARRAY(SELECT coalesce(
                 (SELECT attname::text FROM pg_attribute WHERE attrelid = ${relid} AND attnum = k.attnum),
                 '(expr)')
          FROM unnest(${attnums}) WITH ORDINALITY AS k(attnum, position)
         ORDER BY k.position)`;

const KEYS = `
  WITH tenant AS (${TENANT_TABLES})
  SELECT con.conrelid::regclass::text AS table, con.conname AS name, con.contype AS kind,
         ${NAMES('con.conrelid', 'con.conkey')} AS columns,
         CASE WHEN con.contype = 'f' THEN con.confrelid::regclass::text END AS target,
         CASE WHEN con.contype = 'f' THEN ${NAMES('con.confrelid', 'con.confkey')} END AS "targetColumns",
         CASE WHEN con.contype = 'f' THEN con.confrelid IN (SELECT oid FROM tenant) END AS "targetIsTenant"
    FROM pg_constraint con
   WHERE con.conrelid IN (SELECT oid FROM tenant) AND con.contype IN ('p', 'u', 'f')
  UNION ALL
  SELECT i.indrelid::regclass::text, ic.relname, 'i',
         ${NAMES('i.indrelid', 'i.indkey::int2[]')}, NULL, NULL, NULL
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
   WHERE i.indrelid IN (SELECT oid FROM tenant) AND i.indisunique
     AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
   ORDER BY 1, 2`;

/**
 * Reads the catalog of a migrated database and says whether every tenant table can be
 * distributed by household_id on Citus: household_id in its primary key and in every unique
 * index (Citus enforces uniqueness per shard only), and every foreign key either the one to
 * households or, towards another tenant table, carrying household_id to household_id (so both
 * rows live on the same shard). Foreign keys to other control-plane tables are reported apart.
 */
export async function checkDistributionKeys(connectionString: string): Promise<DistributionReport> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const tenantTables = (
      await client.query<{ table: string }>(
        `SELECT oid::regclass::text AS table FROM (${TENANT_TABLES}) t ORDER BY 1`,
      )
    ).rows.map((row) => row.table);
    const keys = (await client.query<KeyRow>(KEYS)).rows;
    const problems: string[] = [];
    const referenceForeignKeys: string[] = [];
    for (const table of tenantTables) {
      const own = keys.filter((key) => key.table === table);
      const primary = own.find((key) => key.kind === 'p');
      if (!primary) {
        problems.push(`${table}: no primary key`);
      } else if (!primary.columns.includes('household_id')) {
        problems.push(
          `${table}: primary key ${primary.name} (${primary.columns}) lacks household_id`,
        );
      }
      for (const key of own.filter((row) => row.kind === 'u' || row.kind === 'i')) {
        if (!key.columns.includes('household_id')) {
          problems.push(`${table}: unique ${key.name} (${key.columns}) lacks household_id`);
        }
      }
      for (const key of own.filter((row) => row.kind === 'f')) {
        const described = `${table}: foreign key ${key.name} (${key.columns}) → ${key.target} (${key.targetColumns})`;
        if (key.target === 'households') {
          if (key.columns.length !== 1 || key.columns[0] !== 'household_id') {
            problems.push(`${described} is not household_id → households (id)`);
          }
          continue;
        }
        if (!key.targetIsTenant) {
          referenceForeignKeys.push(described);
          continue;
        }
        const position = key.columns.indexOf('household_id');
        if (position < 0 || key.targetColumns?.[position] !== 'household_id') {
          problems.push(`${described} does not carry household_id to household_id`);
        }
      }
    }
    return { tenantTables, problems, referenceForeignKeys };
  } finally {
    await client.end();
  }
}
