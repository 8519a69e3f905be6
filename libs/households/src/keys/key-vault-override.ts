/**
 * A KMS plugs in here: a global module provides, under this token, a subclass of `KeyVault`
 * whose `wrap`, `unwrap` and `isCurrent` call the KMS (its Encrypt and Decrypt, with the
 * household id as encryption context), so the master key never enters Foyer's memory. Without
 * one, `KeyVault` wraps with the master key of `MasterKeyProvider` (env, file or generated).
 */
export const KEY_VAULT_OVERRIDE = Symbol('KEY_VAULT_OVERRIDE');
