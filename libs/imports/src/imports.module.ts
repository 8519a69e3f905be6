import { Module } from '@nestjs/common';
import { ImportedAccountsModule } from '@foyer/accounts';
import { ExportsModule } from '@foyer/exports';
import { FilesModule } from '@foyer/files';
import { HouseholdsModule } from '@foyer/households';
import { ImportArchiveStore } from './archive/import-archive-store';
import { ImportsController } from './http/imports.controller';
import { ImportHouseholdJob } from './jobs/import-household.job';
import { ImportRepository } from './repositories/import.repository';
import { HouseholdImporter } from './services/household-importer';
import { ImportRequestsService } from './services/import-requests.service';

/**
 * Imports of household archives into new households: the importer (validate everything, then
 * restore into a hidden household, then reveal it), its job, and the instance administrator's
 * API. `foyer import` and `foyer migrate` run the importer in-process.
 */
@Module({
  imports: [HouseholdsModule, FilesModule, ExportsModule, ImportedAccountsModule],
  controllers: [ImportsController],
  providers: [
    ImportRepository,
    ImportArchiveStore,
    HouseholdImporter,
    ImportRequestsService,
    ImportHouseholdJob,
  ],
  exports: [HouseholdImporter, ImportRequestsService, ImportArchiveStore],
})
export class ImportsModule {}
