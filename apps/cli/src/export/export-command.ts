import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { Command } from 'commander';
import { isHouseholdId, loadConfig } from '@foyer/core';
import {
  ArchiveProgress,
  ExportHouseholdRepository,
  HouseholdArchiveWriter,
  type WrittenArchive,
} from '@foyer/exports';
import { withApplication } from '../cli-application';
import { CliError } from '../cli-error';
import { formatBytes, ProgressDisplay } from '../progress-display';

interface ExportOptions {
  household: string;
  out: string;
}

/** Refuses an output that cannot work before the database is even started. */
async function checkOutput(target: string): Promise<void> {
  const folder = await fs.stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new CliError(`The folder ${path.dirname(target)} does not exist`);
  }
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new CliError(`${target} is a folder: give the archive's file name, e.g. family.zip`);
  }
}

/** Waits for the file to be flushed to disk and closed (the writer resolves on 'finish'). */
async function closed(out: WriteStream): Promise<void> {
  if (!out.closed) await once(out, 'close');
}

async function runExport(options: ExportOptions): Promise<void> {
  const target = path.resolve(options.out);
  await checkOutput(target);
  const config = loadConfig();
  const summary = await withApplication(config, async (app) => {
    const households = app.get(ExportHouseholdRepository);
    const household = isHouseholdId(options.household)
      ? await households.findById(options.household.toLowerCase())
      : await households.findBySlug(options.household);
    if (!household) {
      throw new CliError(`There is no household "${options.household}" (give its slug or its id)`);
    }
    // Written beside the target and renamed at the end: the target name only ever holds a
    // complete archive, and a rename within one folder is atomic.
    const partial = path.join(
      path.dirname(target),
      `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`,
    );
    // The archive is the family's private data: readable by its owner only (0600).
    const out = createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true });
    const display = new ProgressDisplay(`Exporting ${household.slug}`, process.stderr);
    let last: ArchiveProgress | undefined;
    const interrupt = (): void => {
      out.destroy(new CliError('Interrupted: no archive was written'));
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    try {
      const manifest = await app
        .get(HouseholdArchiveWriter)
        .write(household.id, { kind: 'household' }, out, (progress) => {
          last = progress;
          display.update(progress);
        });
      await closed(out);
      await fs.rename(partial, target);
      display.finish(last);
      return manifest;
    } catch (error) {
      display.finish();
      out.destroy();
      await closed(out).catch(() => undefined);
      await fs.rm(partial, { force: true });
      throw error;
    } finally {
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', interrupt);
    }
  });
  process.stdout.write(describeExport(summary, target));
}

function describeExport(manifest: WrittenArchive, target: string): string {
  const { counts, household } = manifest;
  const lines = [
    `Exported "${household.name}" (${household.slug}) to ${target}`,
    `${counts.entries} entries: ${counts.files} files, ${counts.folders} folders, ${formatBytes(counts.bytes)}`,
  ];
  if (manifest.changedDuringExport.length > 0) {
    lines.push(
      `${manifest.changedDuringExport.length} item(s) changed while the export ran; manifest.json lists them (changedDuringExport)`,
    );
  }
  lines.push(`Check it any time with: foyer verify ${target}`);
  return `${lines.join('\n')}\n`;
}

/** `foyer export --household <slug|id> --out <file>` */
export function exportCommand(): Command {
  return new Command('export')
    .description(
      "write a household's whole archive (foyer-export, a ZIP) to a file, with progress on stderr",
    )
    .requiredOption('--household <slug|id>', 'the household, by its slug or its id')
    .requiredOption('--out <file>', 'where to write the archive (written aside, then renamed)')
    .action((options: ExportOptions) => runExport(options));
}
