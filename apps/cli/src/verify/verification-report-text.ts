import type { VerificationReport } from '@foyer/exports';
import { formatBytes } from '../progress-display';

/** What `foyer verify --json` prints: the report without the manifest (the archive has it). */
export function reportJson(archive: string, report: VerificationReport): string {
  const { ok, format, version, household, counts, problems } = report;
  return `${JSON.stringify({ archive, ok, format, version, household, counts, problems }, null, 2)}\n`;
}

/** The report for people: what the archive is, then either a clear pass or every problem. */
export function reportText(archive: string, report: VerificationReport): string {
  const lines: string[] = [`Archive: ${archive}`];
  if (report.format !== null || report.version !== null) {
    lines.push(`Format:  ${report.format ?? '?'} version ${report.version ?? '?'}`);
  }
  if (report.household) {
    const { name, slug, id } = report.household;
    lines.push(`Household: ${name} (${slug}, ${id})`);
  }
  const { entries, files, folders, bytes } = report.counts;
  lines.push(
    `Contents: ${entries} entries: ${files} files, ${folders} folders, ${formatBytes(bytes)}`,
  );
  lines.push('');
  if (report.ok) {
    lines.push(
      'OK: the archive is complete, every entry is listed in the manifest, and every size and checksum matches.',
    );
    return `${lines.join('\n')}\n`;
  }
  const count = report.problems.length;
  lines.push(`NOT VALID: ${count} problem${count === 1 ? '' : 's'} found`);
  for (const problem of report.problems) {
    lines.push(`  - ${problem.code}${problem.path !== undefined ? `  ${problem.path}` : ''}`);
    lines.push(`      ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}
