export { FilesModule } from './files.module';
export { DefaultFoldersSeeder, DEFAULT_FOLDERS } from './seeding/default-folders.seeder';
