import { Module } from '@nestjs/common';
import { FileNodeRepository } from './repositories/file-node.repository';
import { DefaultFoldersSeeder } from './seeding/default-folders.seeder';

/**
 * Files: the household's file tree. For now, the default folders a household is provisioned
 * with (DefaultFoldersSeeder, given to HouseholdSeedersModule by the application); the tree's
 * API, WebDAV and blobs come with the files issue.
 */
@Module({
  providers: [FileNodeRepository, DefaultFoldersSeeder],
  exports: [DefaultFoldersSeeder],
})
export class FilesModule {}
