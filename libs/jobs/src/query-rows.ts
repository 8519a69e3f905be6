import { DataSource } from 'typeorm';

/**
 * Runs one statement and returns its rows. TypeORM's `DataSource.query` returns `[rows, count]`
 * for UPDATE/DELETE but `rows` for everything else; the structured result of a query runner has
 * the rows in one place whatever the command.
 */
export async function queryRows<T>(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return (result.records ?? []) as T[];
  } finally {
    await runner.release();
  }
}
