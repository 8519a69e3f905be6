import * as path from 'node:path';
import { Command } from 'commander';
import { ArchiveVerifier } from '@foyer/exports';
import { ProgressDisplay } from '../progress-display';
import { reportJson, reportText } from './verification-report-text';

interface VerifyCommandOptions {
  json?: boolean;
}

async function runVerify(archive: string, options: VerifyCommandOptions): Promise<void> {
  const file = path.resolve(archive);
  // A long check shows it is alive on a terminal; in a script, only the report is printed.
  const display = process.stderr.isTTY
    ? new ProgressDisplay('Verifying', process.stderr)
    : undefined;
  let report;
  try {
    report = await new ArchiveVerifier().verify(file, {
      onProgress: (progress) => display?.update(progress),
    });
  } finally {
    display?.finish();
  }
  process.stdout.write(options.json ? reportJson(file, report) : reportText(file, report));
  // Exit code 0 only for a fully valid archive, for scripts and backups that check it; the
  // failure is said on stderr too, for whoever reads only that (a cron mail, a log).
  if (!report.ok) {
    process.stderr.write(
      `${file} is not a valid foyer-export archive (${report.problems.length} problem(s))\n`,
    );
    process.exitCode = 1;
  }
}

/** `foyer verify <archive> [--json]` */
export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      'check a foyer-export archive: its structure, its manifest and every checksum (exit code 0 only when it is fully valid)',
    )
    .argument('<archive>', 'the archive (.zip) to check')
    .option('--json', 'print the report as JSON')
    .action((archive: string, options: VerifyCommandOptions) => runVerify(archive, options));
}
