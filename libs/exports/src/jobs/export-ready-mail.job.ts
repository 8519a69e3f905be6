import { Injectable } from '@nestjs/common';
import { FoyerConfig, toHouseholdId } from '@foyer/core';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { Mailer } from '@foyer/mail';
import { ExportHouseholdRepository } from '../repositories/export-household.repository';
import { ExportRepository } from '../repositories/export.repository';

function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Tells the requester that their archive is ready, with the download link, its size, its
 * SHA-256 and when it expires. Skipped when the export is no longer ready (expired meanwhile) or
 * its requester is gone. A retry may mail twice, never none.
 */
@Injectable()
export class ExportReadyMailJob {
  constructor(
    private readonly config: FoyerConfig,
    private readonly exports: ExportRepository,
    private readonly households: ExportHouseholdRepository,
    private readonly mailer: Mailer,
  ) {}

  @OnJob(JobName.SendExportReadyEmail)
  async send(payload: JobPayloads[JobName.SendExportReadyEmail]): Promise<void> {
    const row = await this.exports.find(toHouseholdId(payload.householdId), payload.exportId);
    if (row?.status !== 'ready' || !row.requestedBy || !row.expiresAt) return;
    const household = await this.households.findById(payload.householdId);
    const to = await this.households.recipient(row.requestedBy);
    if (!household || !to) return;
    const link =
      `${this.config.publicUrl}/api/v1/households/${encodeURIComponent(household.slug)}` +
      `/exports/${row.id}/download`;
    await this.mailer.send({
      to: to.email,
      subject: `Your export of "${household.name}" is ready`,
      text: [
        `Hello ${to.displayName},`,
        '',
        row.scope === 'household'
          ? `The archive of everything in the household "${household.name}" is ready.`
          : `The archive of what is yours in the household "${household.name}" is ready.`,
        '',
        'Download it (signed in to Foyer) here:',
        '',
        link,
        '',
        `Size: ${humanSize(row.size ?? 0)}. SHA-256: ${row.sha256}.`,
        `It can be downloaded until ${row.expiresAt.toUTCString()}; it is deleted after that.`,
        '',
        'It is an ordinary ZIP file: README.txt inside explains how to use each part without Foyer.',
        '',
        '— Foyer',
        '',
      ].join('\n'),
    });
  }
}
