import { Module } from '@nestjs/common';
import { HouseholdsModule } from '@foyer/households';
import { FileContentController } from './http/file-content.controller';
import { FilesController } from './http/files.controller';
import { OrphanBlobCollector } from './maintenance/orphan-blob-collector';
import { OrphanBlobJobs } from './maintenance/orphan-blob.jobs';
import { FilesPortableSection } from './portability/files.portable-section';
import { FilesRestorer } from './portability/files-restorer';
import { RestoredFileNodeRepository } from './repositories/restored-file-node.repository';
import { HouseholdSettingsStorageEntitlements } from './quota/household-settings-storage-entitlements';
import { StorageEntitlements } from './quota/storage-entitlements';
import { StorageQuotaService } from './quota/storage-quota.service';
import { BlobHoldRepository } from './repositories/blob-hold.repository';
import { FileNodeRepository } from './repositories/file-node.repository';
import { HouseholdFilesSettingsRepository } from './repositories/household-files-settings.repository';
import { StorageReservationRepository } from './repositories/storage-reservation.repository';
import { DefaultFoldersSeeder } from './seeding/default-folders.seeder';
import { FilesService } from './services/files.service';

/**
 * Files: the household's file tree in PostgreSQL, its bytes in the household's bucket. The REST
 * API (`/api/v1/households/:hid/files...`), FilesService (by path, for WebDAV too), the storage
 * quota, the trash, the orphan blob collector, the default folders a household is provisioned
 * with. Its usage meter reaches the households library through FilesUsageModule.
 */
@Module({
  imports: [HouseholdsModule],
  controllers: [FilesController, FileContentController],
  providers: [
    FileNodeRepository,
    BlobHoldRepository,
    StorageReservationRepository,
    HouseholdFilesSettingsRepository,
    // The settings override, else the plan (billing), else unlimited.
    { provide: StorageEntitlements, useClass: HouseholdSettingsStorageEntitlements },
    StorageQuotaService,
    FilesService,
    OrphanBlobCollector,
    OrphanBlobJobs,
    DefaultFoldersSeeder,
    // The files/, trash/ and files.jsonl of the household archive (export, import).
    FilesPortableSection,
    // The import side of the section: restores into a new household.
    RestoredFileNodeRepository,
    FilesRestorer,
  ],
  exports: [DefaultFoldersSeeder, FilesService, StorageEntitlements],
})
export class FilesModule {}
