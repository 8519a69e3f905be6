import { Injectable } from '@nestjs/common';
import { FoyerConfig, toHouseholdId } from '@foyer/core';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { Mailer, SharedWords } from '@foyer/mail';
import { ExportHouseholdRepository } from '../repositories/export-household.repository';
import { ExportRepository } from '../repositories/export.repository';

/**
 * Tells the requester, in their language, that their archive is ready, with the download link, its size, its
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
    const words = new SharedWords(to.language);
    await this.mailer.send({
      to: to.email,
      subject: words.t('mail.export.subject', { household: household.name }),
      text: words.body(
        to.displayName,
        words.t(row.scope === 'household' ? 'mail.export.household' : 'mail.export.member', {
          household: household.name,
        }),
        '',
        words.t('mail.export.download'),
        '',
        link,
        '',
        words.t('mail.export.facts', {
          size: words.bytes(row.size ?? 0),
          sha256: row.sha256 ?? '',
        }),
        words.t('mail.export.until', { date: words.dateTime(row.expiresAt) }),
        '',
        words.t('mail.export.zip'),
      ),
    });
  }
}
