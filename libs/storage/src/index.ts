export { StorageModule } from './storage.module';
export { ObjectStorage } from './object-storage';
export type { ByteRange, ObjectInfo, StoredObject } from './object-storage';
export { StorageErrorCode } from './storage-error-code';
