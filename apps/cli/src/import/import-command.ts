import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '@foyer/core';
import { ImportSourceKind, ImportStatus } from '@foyer/imports';
import { withApplication } from '../cli-application';
import { CliError } from '../cli-error';
import { describeImport } from './describe-import';
import { runImport } from './run-import';

interface ImportOptions {
  owner?: string;
}

async function runImportCommand(archive: string, options: ImportOptions): Promise<void> {
  const archivePath = path.resolve(archive);
  const found = await fs.stat(archivePath).catch(() => undefined);
  if (!found?.isFile()) throw new CliError(`There is no archive at ${archivePath}`);
  const config = loadConfig();
  const record = await withApplication(config, (app) =>
    runImport(app, archivePath, { kind: ImportSourceKind.File, name: archivePath }, options.owner),
  );
  const text = describeImport(record, config.publicUrl);
  if (record.status !== ImportStatus.Done) {
    process.stderr.write(text);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(text);
}

/** `foyer import <archive> [--owner <email>]` */
export function importCommand(): Command {
  return new Command('import')
    .description(
      'import a household archive (foyer-export) into a new household: everything is checked ' +
        'before anything is written; members are matched by email or get an account and a mail',
    )
    .argument('<archive>', 'the archive, as `foyer export` or the web app wrote it')
    .option(
      '--owner <email>',
      'an account that becomes an owner of the new household (created and mailed if missing)',
    )
    .action((archive: string, options: ImportOptions) => runImportCommand(archive, options));
}
