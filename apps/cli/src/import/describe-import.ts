import { ImportStatus } from '@foyer/imports';
import type { ImportProgress, ImportRecord } from '@foyer/imports';
import type { Progress } from '../progress-display';
import { formatBytes } from '../progress-display';

/** The importer's progress in the terms of the progress bar: sections as entries, bytes as bytes. */
export function asProgress(progress: ImportProgress): Progress {
  return {
    entriesDone: progress.sectionsDone,
    entryTotal: progress.sectionTotal,
    bytesDone: progress.bytesDone,
    byteTotal: progress.byteTotal,
  };
}

export const PHASE_LABELS: Readonly<Record<ImportProgress['phase'], string>> = {
  validating: 'Checking the archive',
  importing: 'Importing',
  verifying: 'Finishing',
  done: 'Done',
  failed: 'Failed',
};

/** The report that ends `foyer import` and `foyer migrate`, for people. */
export function describeImport(record: ImportRecord, publicUrl: string): string {
  if (record.status !== ImportStatus.Done || !record.report) {
    const lines = [
      `Import failed: ${record.error?.message ?? 'unknown error'}`,
      'Nothing of it was kept: no household was created.',
    ];
    for (const problem of (record.error?.problems ?? []).slice(0, 20)) {
      lines.push(`  ${problem.code}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}`);
    }
    const more = (record.error?.problems?.length ?? 0) - 20;
    if (more > 0) lines.push(`  … and ${more} more`);
    return `${lines.join('\n')}\n`;
  }
  const report = record.report;
  const lines = [
    `Imported "${report.household.name}" as ${report.household.slug} (${report.household.id})`,
    `  address: ${publicUrl}/h/${report.household.slug}`,
  ];
  if (report.slugChanged) {
    lines.push(
      `  the address ${report.source.slug} was taken here, so it is now ${report.household.slug}`,
    );
  }
  lines.push(
    `  from the export of ${report.source.slug} taken ${report.source.createdAt}, ${formatBytes(report.archiveBytes)}`,
    `Members: ${report.members.total} (${report.members.matched} matched to existing accounts, ${report.members.created} new)`,
  );
  for (const member of report.members.list) {
    lines.push(
      `  ${member.email} ${member.role}${member.account === 'created' ? ' — new account, mailed a link to set a password' : ''}`,
    );
  }
  lines.push(
    `Restored: ${Object.entries(report.restored)
      .map(([section, count]) => `${section} ${count}`)
      .join(', ')}`,
  );
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${report.skipped.length} item(s):`);
    for (const item of report.skipped.slice(0, 50)) {
      lines.push(`  [${item.section}] ${item.path}: ${item.reason}`);
    }
  }
  for (const { section, note } of report.notes ?? []) lines.push(`Note [${section}]: ${note}`);
  if (report.instanceAdmin) {
    lines.push(
      `${report.instanceAdmin} is now the administrator of this Foyer (it had none); ` +
        '`foyer admin grant <email>` names others',
    );
  }
  if (report.changedDuringExport > 0) {
    lines.push(
      `${report.changedDuringExport} item(s) changed while the export ran (its manifest lists them)`,
    );
  }
  lines.push(`Took ${(report.durationMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
