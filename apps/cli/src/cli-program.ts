import { Command } from 'commander';
import { serve } from '@foyer/api';
import { loadConfig, prepareDatabase, runUntilSignal } from '@foyer/core';
import { startWorker } from '@foyer/worker';
import { adminCommand } from './admin/admin-command';
import { exportCommand } from './export/export-command';
import { importCommand } from './import/import-command';
import { keysCommand } from './keys/keys-command';
import { migrateCommand } from './migrate/migrate-command';
import { storageCommand } from './storage/storage-command';
import { verifyCommand } from './verify/verify-command';

function version(): string {
  // The package manifest sits at the repository root, four levels above the compiled file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../../package.json') as { version: string }).version;
}

/**
 * Commands that keep running once their action resolved (a server, the queue processors): every
 * other command is one-shot, and `main` ends the process with its exit code when it returns.
 */
export const LONG_RUNNING_COMMANDS: ReadonlySet<string> = new Set(['serve', 'worker']);

/** The `foyer` command. Every subcommand reads its settings from the environment (see README). */
export function createProgram(): Command {
  const program = new Command('foyer')
    .description('Foyer, a personal cloud for families')
    .version(version())
    .showHelpAfterError();

  program
    .command('serve')
    .description('run Foyer: the web app and API (and, without REDIS_URL, the jobs) on PORT')
    .action(() => runUntilSignal(() => serve(loadConfig())));

  program
    .command('worker')
    .description('run the queue processors of hosted mode (needs REDIS_URL)')
    .action(() => runUntilSignal(() => startWorker(loadConfig())));

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending database migrations, then exit (serve also does this at start)')
    .action(async () => {
      const connection = await prepareDatabase(loadConfig());
      await connection.stop();
    });

  // One file per command; each returns its commander Command.
  program.addCommand(exportCommand());
  program.addCommand(verifyCommand());
  program.addCommand(importCommand());
  program.addCommand(migrateCommand());
  program.addCommand(adminCommand());
  program.addCommand(storageCommand());
  program.addCommand(keysCommand());

  return program;
}
