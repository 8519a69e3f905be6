import { Module } from '@nestjs/common';
import { HouseholdsModule } from '@foyer/households';
import { HouseholdArchiveWriter } from './archive/household-archive-writer';
import { ExportsController } from './http/exports.controller';
import { ExportExpiryJobs } from './jobs/export-expiry.jobs';
import { ExportHouseholdJob } from './jobs/export-household.job';
import { ExportReadyMailJob } from './jobs/export-ready-mail.job';
import { ExportHouseholdRepository } from './repositories/export-household.repository';
import { ExportRepository } from './repositories/export.repository';
import { ExportsService } from './services/exports.service';
import { ArchiveVerifier } from './verification/archive-verifier';

/**
 * The household archive (`foyer-export` v1): the writer that walks every portable section into
 * one ZIP, the job that streams it into the household's bucket (`exports/...`), the API to ask
 * for one, follow it and download it, the "ready" mail, and the hourly sweep that deletes
 * expired archives (FOYER_EXPORT_TTL_DAYS).
 */
@Module({
  imports: [HouseholdsModule],
  controllers: [ExportsController],
  providers: [
    HouseholdArchiveWriter,
    ExportHouseholdRepository,
    ExportRepository,
    ExportsService,
    ExportHouseholdJob,
    ExportReadyMailJob,
    ExportExpiryJobs,
    // Checks an archive's structure and every checksum (`foyer verify`, the importer).
    ArchiveVerifier,
  ],
  exports: [HouseholdArchiveWriter, ExportHouseholdRepository, ArchiveVerifier],
})
export class ExportsModule {}
