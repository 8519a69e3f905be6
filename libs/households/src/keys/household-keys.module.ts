import { Module } from '@nestjs/common';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdKeyRepository } from './household-key.repository';
import { HouseholdObjectKeyring } from './household-object-keyring';
import { KeyVault } from './key-vault';
import { MasterKeyProvider } from './master-key-provider';
import { MasterKeyRotation } from './master-key-rotation';
import { KEY_VAULT_OVERRIDE } from './key-vault-override';

/**
 * The master key, the households' data keys and the storage keyring, apart from HouseholdsModule
 * so that the storage module can import it (`StorageModule.forRoot`) while HouseholdsModule
 * uses the storage.
 */
@Module({
  providers: [
    MasterKeyProvider,
    // The master key in this process, unless a KMS plugs its own vault in (key-vault-override).
    {
      provide: KeyVault,
      useFactory: (masterKeys: MasterKeyProvider, plugged?: KeyVault) =>
        plugged ?? new KeyVault(masterKeys),
      inject: [MasterKeyProvider, { token: KEY_VAULT_OVERRIDE, optional: true }],
    },
    MasterKeyRotation,
    HouseholdKeyRepository,
    HouseholdObjectKeyring,
    AuditLogRepository,
  ],
  exports: [
    MasterKeyProvider,
    KeyVault,
    HouseholdKeyRepository,
    HouseholdObjectKeyring,
    MasterKeyRotation,
  ],
})
export class HouseholdKeysModule {}
