import { Command } from 'commander';
import { importCommand } from '../../../apps/cli/src/import/import-command';
import { keysCommand } from '../../../apps/cli/src/keys/keys-command';
import { migrateCommand } from '../../../apps/cli/src/migrate/migrate-command';
import { storageCommand } from '../../../apps/cli/src/storage/storage-command';
import { harness, S3_ACCESS_KEY, S3_SECRET_KEY } from '../../harness/harness-env';
import type { TestApp } from '../../harness/test-app';

/** The environment `foyer` would run with on the target (the target test app's settings). */
export function targetEnvironment(target: TestApp): Record<string, string> {
  const environment = harness();
  return {
    FOYER_DATA_DIR: target.config.dataDir,
    DATABASE_URL: target.db.ownerUrl,
    DATABASE_APP_URL: target.db.appUrl,
    FOYER_MASTER_KEY: target.config.masterKey as string,
    REDIS_URL: environment.redisUrl,
    FOYER_QUEUE_PREFIX: target.db.name,
    S3_ENDPOINT: environment.s3Endpoint,
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    SMTP_URL: `smtp://127.0.0.1:${environment.smtpPort}`,
    FOYER_PUBLIC_URL: target.config.publicUrl,
    LOG_LEVEL: 'silent',
  };
}

/** Runs `foyer <args>` in this process with `env`, capturing stdout and stderr. */
export async function foyer(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const out = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
  const err = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
  process.exitCode = 0;
  try {
    // The command as `foyer` registers it (createProgram reads the built package's version).
    const program = new Command('foyer')
      .exitOverride()
      .addCommand(importCommand())
      .addCommand(migrateCommand())
      .addCommand(storageCommand())
      .addCommand(keysCommand());
    await program.parseAsync(['node', 'foyer', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } catch (error) {
    return { code: 1, stdout, stderr: `${stderr}${(error as Error).message}` };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
    process.env = saved;
  }
}
