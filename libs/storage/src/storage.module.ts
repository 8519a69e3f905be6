import { DynamicModule, Global, Module, ModuleMetadata, Type } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { DiskObjectStorage } from './disk-object-storage';
import { EncryptingObjectStorage } from './encryption/encrypting-object-storage';
import { ObjectEncryption } from './encryption/object-encryption';
import { ObjectKeyring } from './encryption/object-keyring';
import { ObjectStorage } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';

/** The driver is picked once, at boot, from the validated configuration. */
export function createObjectStorage(config: FoyerConfig): ObjectStorage {
  const settings = config.storage;
  switch (settings.kind) {
    case 'disk':
      return new DiskObjectStorage(settings.directory);
    case 's3':
      return new S3ObjectStorage(settings);
  }
}

export interface StorageModuleOptions {
  /** Modules that provide the keyring. */
  imports: ModuleMetadata['imports'];
  /** Says which household owns a bucket and gives its data key (the households library's). */
  keyring: Type<ObjectKeyring>;
}

/**
 * Provides `ObjectStorage`: local disk in the embedded default, MinIO (S3 API) when configured,
 * with every household's objects encrypted under its data key (decision 0016). The keyring is
 * required: there is no way to boot the application's storage without encryption.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: options.imports,
      providers: [
        { provide: ObjectKeyring, useExisting: options.keyring },
        {
          provide: ObjectStorage,
          useFactory: (config: FoyerConfig, keyring: ObjectKeyring) =>
            new EncryptingObjectStorage(createObjectStorage(config), keyring),
          inject: [FoyerConfig, ObjectKeyring],
        },
        { provide: ObjectEncryption, useExisting: ObjectStorage },
      ],
      exports: [ObjectStorage, ObjectEncryption],
    };
  }
}
