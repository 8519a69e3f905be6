import { Module } from '@nestjs/common';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdKeyRepository } from './household-key.repository';
import { HouseholdObjectKeyring } from './household-object-keyring';
import { KeyVault } from './key-vault';
import { MasterKeyProvider } from './master-key-provider';

/**
 * The master key, the households' data keys and the storage keyring, apart from HouseholdsModule
 * so that the storage module can import it (`StorageModule.forRoot`) while HouseholdsModule
 * uses the storage.
 */
@Module({
  providers: [
    MasterKeyProvider,
    KeyVault,
    HouseholdKeyRepository,
    HouseholdObjectKeyring,
    AuditLogRepository,
  ],
  exports: [MasterKeyProvider, KeyVault, HouseholdKeyRepository, HouseholdObjectKeyring],
})
export class HouseholdKeysModule {}
