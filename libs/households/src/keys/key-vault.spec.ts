import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig, toHouseholdId } from '@foyer/core';
import { KeyVault } from './key-vault';
import { HouseholdKeyRepository } from './household-key.repository';
import { MasterKeyProvider } from './master-key-provider';
import { MasterKeyRotation } from './master-key-rotation';

function vaultWith(masterKey: string): KeyVault {
  return new KeyVault(new MasterKeyProvider(loadConfig({ FOYER_MASTER_KEY: masterKey })));
}

describe('KeyVault', () => {
  const householdId = toHouseholdId(randomUUID());
  const masterKey = randomBytes(32).toString('base64');

  it('wraps a 256-bit data key and unwraps it to the same 32 bytes', async () => {
    const vault = vaultWith(masterKey);
    const dataKey = vault.newDataKey();
    expect(dataKey).toHaveLength(32);
    const wrapped = await vault.wrap(householdId, dataKey);
    expect(wrapped).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(wrapped).not.toContain(dataKey.toString('base64url'));
    const unwrapped = await vault.unwrap(householdId, wrapped);
    expect(unwrapped.equals(dataKey)).toBe(true);
  });

  it('wraps the same key differently each time (fresh IV)', async () => {
    const vault = vaultWith(masterKey);
    const dataKey = vault.newDataKey();
    expect(await vault.wrap(householdId, dataKey)).not.toBe(await vault.wrap(householdId, dataKey));
  });

  it('accepts the master key in hex as well', async () => {
    const raw = randomBytes(32);
    const fromHex = vaultWith(raw.toString('hex'));
    const fromBase64 = vaultWith(raw.toString('base64'));
    const dataKey = fromHex.newDataKey();
    const wrapped = await fromHex.wrap(householdId, dataKey);
    expect((await fromBase64.unwrap(householdId, wrapped)).equals(dataKey)).toBe(true);
  });

  it("refuses another household's wrapped key (bound by the additional data)", async () => {
    const vault = vaultWith(masterKey);
    const wrapped = await vault.wrap(householdId, vault.newDataKey());
    await expect(vault.unwrap(toHouseholdId(randomUUID()), wrapped)).rejects.toThrow(
      /does not authenticate/,
    );
  });

  it('refuses a key wrapped by another master key, saying so', async () => {
    const wrapped = await vaultWith(masterKey).wrap(householdId, randomBytes(32));
    await expect(
      vaultWith(randomBytes(32).toString('base64')).unwrap(householdId, wrapped),
    ).rejects.toThrow(/another master key/);
  });

  it('refuses a tampered or malformed wrapped key', async () => {
    const vault = vaultWith(masterKey);
    const wrapped = await vault.wrap(householdId, vault.newDataKey());
    const parts = wrapped.split('.');
    const ciphertext = Buffer.from(parts[3], 'base64url');
    ciphertext[0] ^= 1;
    parts[3] = ciphertext.toString('base64url');
    await expect(vault.unwrap(householdId, parts.join('.'))).rejects.toThrow(
      /does not authenticate/,
    );
    await expect(vault.unwrap(householdId, 'not-a-key')).rejects.toThrow(/not a v1 wrapped key/);
    await expect(
      vault.unwrap(householdId, [...wrapped.split('.').slice(0, 4), 'AA'].join('.')),
    ).rejects.toThrow(/does not authenticate/);
  });

  it('refuses to wrap anything but 32 bytes', async () => {
    await expect(vaultWith(masterKey).wrap(householdId, randomBytes(16))).rejects.toThrow(
      /32 bytes/,
    );
  });
});

describe('MasterKeyProvider in the embedded default (no FOYER_MASTER_KEY)', () => {
  let dataDir: string;

  let warn: jest.SpyInstance;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-master-key-'));
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const provider = () => new MasterKeyProvider(loadConfig({ FOYER_DATA_DIR: dataDir }));

  it('generates the key once under FOYER_DATA_DIR/secrets with mode 0600, then reuses it', async () => {
    const first = provider();
    const key = await first.get();
    expect(key).toHaveLength(32);
    expect(first.keyFile).toBe(path.join(dataDir, 'secrets', 'master.key'));
    const { mode } = await import('node:fs').then((fs) => fs.promises.stat(first.keyFile));
    expect(mode & 0o777).toBe(0o600);

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('back it up');

    const again = await provider().get();
    expect(again.equals(key)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('lets a key wrapped before a restart be unwrapped after it', async () => {
    const householdId = toHouseholdId(randomUUID());
    const before = new KeyVault(provider());
    const dataKey = before.newDataKey();
    const wrapped = await before.wrap(householdId, dataKey);
    const after = new KeyVault(provider());
    expect((await after.unwrap(householdId, wrapped)).equals(dataKey)).toBe(true);
  });

  it('ends with one key when several processes start at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => provider().get()));
    for (const key of keys) expect(key.equals(keys[0])).toBe(true);
  });

  it('never replaces a key file it cannot read as a key', async () => {
    const { promises: fs } = await import('node:fs');
    const file = provider().keyFile;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, 'garbage\n', { mode: 0o600 });
    await expect(provider().get()).rejects.toThrow(/not replaced/);
    expect(await fs.readFile(file, 'utf8')).toBe('garbage\n');
  });
});

describe('master key rotation', () => {
  const householdId = toHouseholdId(randomUUID());
  let dataDir: string;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-rotation-'));
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The households table, reduced to what rotation reads and writes. */
  function fakeKeys(rows: Map<string, string>) {
    return {
      pageWithKeys: jest.fn(async (after: string | null) =>
        [...rows.entries()]
          .filter(([id]) => after === null || id > after)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([id, wrappedDataKey]) => ({ id, wrappedDataKey })),
      ),
      rewrap: jest.fn(async (id: string, from: string, to: string) => {
        if (rows.get(id) !== from) return false;
        rows.set(id, to);
        return true;
      }),
    } as unknown as HouseholdKeyRepository;
  }

  it('unwraps with a previous master key and says which wrappings are current', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const dataKey = randomBytes(32);
    const wrapped = await vaultWith(oldKey).wrap(householdId, dataKey);
    const rotating = new KeyVault(
      new MasterKeyProvider(
        loadConfig({ FOYER_MASTER_KEY: newKey, FOYER_PREVIOUS_MASTER_KEYS: oldKey }),
      ),
    );
    expect((await rotating.unwrap(householdId, wrapped)).equals(dataKey)).toBe(true);
    expect(await rotating.isCurrent(wrapped)).toBe(false);
    expect(await rotating.isCurrent(await rotating.wrap(householdId, dataKey))).toBe(true);
  });

  it('rewraps every data key under the new key, after which the old one is not needed', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const ids = [randomUUID(), randomUUID(), randomUUID()].map(toHouseholdId);
    const dataKeys = new Map(ids.map((id) => [id as string, randomBytes(32)]));
    const rows = new Map<string, string>();
    for (const id of ids) rows.set(id, await vaultWith(oldKey).wrap(id, dataKeys.get(id)!));
    const provider = new MasterKeyProvider(
      loadConfig({ FOYER_MASTER_KEY: newKey, FOYER_PREVIOUS_MASTER_KEYS: oldKey }),
    );
    const vault = new KeyVault(provider);
    const rotation = new MasterKeyRotation(provider, vault, fakeKeys(rows));
    await expect(rotation.rotate()).resolves.toEqual({
      rewrapped: 3,
      alreadyCurrent: 0,
      generatedNewKey: false,
    });
    await expect(rotation.rotate()).resolves.toMatchObject({ rewrapped: 0, alreadyCurrent: 3 });
    // Only the new key now: every data key still comes out the same.
    const newOnly = vaultWith(newKey);
    for (const id of ids) {
      expect((await newOnly.unwrap(id, rows.get(id)!)).equals(dataKeys.get(id)!)).toBe(true);
    }
  });

  it('makes a new generated key, rewraps, and drops the old one', async () => {
    const config = loadConfig({ FOYER_DATA_DIR: dataDir });
    const before = new MasterKeyProvider(config);
    const oldKey = await before.get();
    const dataKey = randomBytes(32);
    const rows = new Map([
      [householdId as string, await new KeyVault(before).wrap(householdId, dataKey)],
    ]);
    const provider = new MasterKeyProvider(config);
    const report = await new MasterKeyRotation(
      provider,
      new KeyVault(provider),
      fakeKeys(rows),
    ).rotate();
    expect(report).toEqual({ rewrapped: 1, alreadyCurrent: 0, generatedNewKey: true });
    const after = new MasterKeyProvider(config);
    expect((await after.get()).equals(oldKey)).toBe(false);
    expect(await after.previous()).toEqual([]);
    expect(
      (await new KeyVault(after).unwrap(householdId, rows.get(householdId)!)).equals(dataKey),
    ).toBe(true);
  });

  it('reads the master key from FOYER_MASTER_KEY_FILE, never making one there', async () => {
    const file = path.join(dataDir, 'mounted.key');
    const provider = () => new MasterKeyProvider(loadConfig({ FOYER_MASTER_KEY_FILE: file }));
    await expect(provider().get()).rejects.toThrow(/ENOENT/);
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('hex')}\n`);
    expect((await provider().get()).equals(key)).toBe(true);
  });
});
