export { StorageModule } from './storage.module';
export type { StorageModuleOptions } from './storage.module';
export { ObjectStorage } from './object-storage';
export type { ByteRange, ObjectInfo, StoredObject } from './object-storage';
export { StorageErrorCode } from './storage-error-code';
export { ObjectKeyring } from './encryption/object-keyring';
export type { BucketKey } from './encryption/object-keyring';
export { ObjectEncryption } from './encryption/object-encryption';
export type { ObjectForm } from './encryption/object-encryption';
