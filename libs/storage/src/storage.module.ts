import { Global, Module } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { DiskObjectStorage } from './disk-object-storage';
import { ObjectStorage } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';

/** The driver is picked once, at boot, from the validated configuration. */
function createObjectStorage(config: FoyerConfig): ObjectStorage {
  const settings = config.storage;
  switch (settings.kind) {
    case 'disk':
      return new DiskObjectStorage(settings.directory);
    case 's3':
      return new S3ObjectStorage(settings);
  }
}

/** Provides `ObjectStorage`: local disk in the embedded default, MinIO (S3 API) when configured. */
@Global()
@Module({
  providers: [{ provide: ObjectStorage, useFactory: createObjectStorage, inject: [FoyerConfig] }],
  exports: [ObjectStorage],
})
export class StorageModule {}
