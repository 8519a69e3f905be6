import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { FoyerConfig, loadConfig } from '@foyer/core';
import { ArchiveVerifier } from '@foyer/exports';
import { ImportSourceKind, ImportStatus } from '@foyer/imports';
import { refuseWhileServing, withApplication } from '../cli-application';
import { CliError } from '../cli-error';
import { formatBytes, ProgressDisplay } from '../progress-display';
import { describeImport } from '../import/describe-import';
import { runImport } from '../import/run-import';
import { MigrationSource, MigrationSourceClient, SourceExport } from './migration-source-client';
import { downloadResumable } from './resumable-download';
import { assertRoomFor, assertWritable } from './target-checks';

interface MigrateOptions {
  from: string;
  token: string;
  owner?: string;
  household?: string;
  pollMs?: string;
}

/** What a stopped `foyer migrate` needs to resume: the export it was downloading. */
interface MigrationState {
  from: string;
  householdId: string;
  exportId: string;
}

const DEFAULT_POLL_MS = 2000;

function workDirectory(config: FoyerConfig): string {
  return path.join(config.dataDir, 'imports');
}

async function readState(file: string, from: string, householdId: string): Promise<string | null> {
  try {
    const state = JSON.parse(await fs.readFile(file, 'utf8')) as MigrationState;
    return state.from === from && state.householdId === householdId ? state.exportId : null;
  } catch {
    return null;
  }
}

/** The source's export: the one a stopped run was downloading if it is still there, else a new one. */
async function readyExport(
  client: MigrationSourceClient,
  source: MigrationSource,
  stateFile: string,
  pollMs: number,
): Promise<SourceExport> {
  const previous = await readState(stateFile, client.base, source.household.id);
  let current = previous ? await client.exportStatus(source, previous) : null;
  if (!current || current.status === 'failed' || current.status === 'expired') {
    current = await client.requestExport(source);
    const state: MigrationState = {
      from: client.base,
      householdId: source.household.id,
      exportId: current.id,
    };
    await fs.writeFile(stateFile, JSON.stringify(state));
  }
  const display = new ProgressDisplay(
    `Exporting ${source.household.slug} on the source`,
    process.stderr,
  );
  for (;;) {
    const status = await client.exportStatus(source, current.id);
    if (!status) throw new CliError('The export vanished on the source; run the command again');
    const progress = {
      entriesDone: status.progress?.entriesDone ?? 0,
      entryTotal: status.progress?.entryTotal ?? 0,
      bytesDone: status.progress?.bytesDone ?? 0,
      byteTotal: status.progress?.byteTotal ?? 0,
    };
    if (status.status === 'ready') {
      display.finish(progress);
      if (typeof status.size !== 'number')
        throw new CliError('The source did not say the archive size');
      return status;
    }
    if (status.status === 'failed' || status.status === 'expired') {
      display.finish();
      await fs.rm(stateFile, { force: true });
      throw new CliError(`The export on the source ${status.status}; run the command again`);
    }
    display.update(progress);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function runMigrate(options: MigrateOptions): Promise<void> {
  const config = loadConfig();
  const client = new MigrationSourceClient(options.from, options.token);
  const pollMs = options.pollMs ? Number(options.pollMs) : DEFAULT_POLL_MS;
  // Everything that can be known about the target, before the source is asked for anything:
  // a run that would fail after a long download must fail now.
  refuseWhileServing(config);
  const directory = workDirectory(config);
  await assertWritable(config, directory);
  const source = await client.source(options.household);
  process.stderr.write(
    `Migrating "${source.household.name}" (${source.household.slug}) from ${client.base}\n`,
  );

  const stateFile = path.join(directory, `migrate-${source.household.id}.json`);
  const ready = await readyExport(client, source, stateFile, pollMs);
  const archive = path.join(directory, `migrate-${source.household.id}-${ready.id}.zip`);
  if (!(await fs.stat(archive).catch(() => undefined))) {
    const partial = (await fs.stat(`${archive}.part`).catch(() => undefined))?.size ?? 0;
    if (partial > 0) {
      process.stderr.write(`Resuming the download at ${formatBytes(partial)}\n`);
    }
    assertRoomFor(config, directory, ready.size as number, partial);
    const display = new ProgressDisplay('Downloading', process.stderr);
    let last = { entriesDone: 0, entryTotal: 0, bytesDone: 0, byteTotal: ready.size as number };
    await downloadResumable(
      client,
      `${source.exportsPath}/${ready.id}/download`,
      { file: archive, size: ready.size as number, sha256: ready.sha256 ?? null },
      (done, total) => {
        last = { ...last, bytesDone: done, byteTotal: total };
        display.update(last);
      },
    );
    display.finish(last);
  }

  const outcome = await withApplication(config, async (app) => {
    // Checked here once more, with its report, before the importer (which checks it again).
    const display = new ProgressDisplay('Verifying', process.stderr);
    const verification = await app.get(ArchiveVerifier).verify(archive, {
      onProgress: (progress) => display.update(progress),
    });
    display.finish();
    if (!verification.ok) {
      const first = verification.problems
        .slice(0, 10)
        .map((p) => `  ${p.code} ${p.path ?? ''} ${p.message}`);
      throw new CliError(
        `The downloaded archive did not pass verification:\n${first.join('\n')}\nNothing was imported.`,
      );
    }
    return runImport(
      app,
      archive,
      { kind: ImportSourceKind.Migration, name: `${client.base} ${source.household.slug}` },
      options.owner,
    );
  });
  const text = describeImport(outcome, config.publicUrl);
  if (outcome.status !== ImportStatus.Done || !outcome.report) {
    process.stderr.write(text);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(text);
  const newAddress = `${config.publicUrl}/h/${outcome.report.household.slug}`;
  await client.markMoved(source, newAddress);
  process.stdout.write(
    `The source now shows "${source.household.name}" as moved to ${newAddress}. ` +
      'Nothing was deleted there: an owner can delete it when everyone has moved.\n',
  );
  await fs.rm(stateFile, { force: true });
  await fs.rm(archive, { force: true });
}

/** `foyer migrate --from <url> --token <t>` */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'move a household here from another Foyer: pull its export with a migration token ' +
        '(resumable), verify it, import it into a new household, and mark it moved on the source',
    )
    .requiredOption(
      '--from <url>',
      'the address of the source Foyer, e.g. https://foyer.example.org',
    )
    .requiredOption('--token <token>', 'a migration token an owner created on the source')
    .option('--owner <email>', 'an account here that becomes an owner of the new household')
    .option(
      '--household <slug|id>',
      'the household on the source, for a source that cannot tell it from the token',
    )
    .option(
      '--poll-ms <ms>',
      'how often to ask the source how far its export got',
      String(DEFAULT_POLL_MS),
    )
    .action((options: MigrateOptions) => runMigrate(options));
}
