import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-f]{64}$/i;

/** `FOYER_MASTER_KEY` in base64 (44 characters) or hex (64), as the config validated it. */
export function decodeMasterKey(encoded: string): Buffer {
  const text = encoded.trim();
  const key = HEX_KEY.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(`A master key is ${KEY_BYTES} bytes, in base64 or hex; this one is not`);
  }
  return key;
}

/**
 * The master key that wraps every household's data key. Hosted mode passes it in
 * FOYER_MASTER_KEY or in a file named by FOYER_MASTER_KEY_FILE (a mounted secret); the config
 * refuses to start without one. During a rotation, FOYER_PREVIOUS_MASTER_KEYS (and, for the
 * generated key, `master.key.previous`) hold the old keys, which still unwrap but never wrap. The embedded default, where nobody
 * should have to make one up, generates it once in `FOYER_DATA_DIR/secrets/master.key` (mode
 * 0600) and reuses it at every start: lose that file and the data keys cannot be unwrapped, so it
 * is never overwritten, even when it is unreadable.
 */
@Injectable()
export class MasterKeyProvider implements OnModuleInit {
  private readonly logger = new Logger(MasterKeyProvider.name);
  private key: Promise<Buffer> | undefined;

  constructor(private readonly config: FoyerConfig) {}

  /** At boot, so a missing or unreadable key stops the process rather than every provisioning. */
  async onModuleInit(): Promise<void> {
    await this.get();
  }

  /** Where the embedded default keeps its generated key. */
  get keyFile(): string {
    return path.join(this.config.dataDir, 'secrets', 'master.key');
  }

  /** Where a rotation of the generated key keeps the old ones until every data key is rewrapped. */
  get previousKeyFile(): string {
    return `${this.keyFile}.previous`;
  }

  /** Whether the key is Foyer's own generated one (so `foyer keys rotate-master` makes the next). */
  get generated(): boolean {
    return !this.config.masterKey && !this.config.masterKeyFile;
  }

  /** Old master keys that still unwrap: configured ones, and a rotation's leftovers on disk. */
  async previous(): Promise<Buffer[]> {
    const keys = this.config.previousMasterKeys.map(decodeMasterKey);
    if (this.generated) keys.push(...(await this.readPreviousFile()));
    return keys;
  }

  /**
   * Makes a new generated key current, keeping the old one in `master.key.previous` until
   * `dropPrevious`. A rotation that stopped before its end is resumed rather than restarted:
   * while the previous file is there, no new key is made.
   */
  async rotateGenerated(): Promise<void> {
    if (!this.generated) throw new Error('Only the generated master key is rotated by Foyer');
    const current = await this.get();
    const previous = await this.readPreviousFile();
    if (previous.length > 0) return;
    await this.replaceFile(this.previousKeyFile, `${current.toString('base64')}\n`);
    const next = randomBytes(KEY_BYTES);
    await this.replaceFile(this.keyFile, `${next.toString('base64')}\n`);
    this.key = Promise.resolve(next);
    this.logger.warn(
      `Made a new master key in ${this.keyFile}: back it up again, the old one goes once every data key is rewrapped`,
    );
  }

  async dropPrevious(): Promise<void> {
    if (this.generated) await fs.rm(this.previousKeyFile, { force: true });
  }

  private async readPreviousFile(): Promise<Buffer[]> {
    const text = await fs.readFile(this.previousKeyFile, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    });
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(decodeMasterKey);
  }

  /** Written aside, flushed, renamed over: the file holds the old key or the new, never neither. */
  private async replaceFile(file: string, content: string): Promise<void> {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  }

  get(): Promise<Buffer> {
    // Loaded once; a failure is not cached, so a fixed file is picked up by the next call.
    this.key ??= this.load().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<Buffer> {
    if (this.config.masterKey) return decodeMasterKey(this.config.masterKey);
    if (this.config.masterKeyFile) {
      // An operator's file is never generated nor replaced: missing is an error.
      const text = await fs.readFile(this.config.masterKeyFile, 'utf8');
      try {
        return decodeMasterKey(text);
      } catch {
        throw new Error(
          `${this.config.masterKeyFile} (FOYER_MASTER_KEY_FILE) does not hold a 32-byte key in base64 or hex`,
        );
      }
    }
    return (await this.readKeyFile()) ?? (await this.createKeyFile());
  }

  private async readKeyFile(): Promise<Buffer | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.keyFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return decodeMasterKey(text);
    } catch {
      throw new Error(
        `${this.keyFile} does not hold a 32-byte key in base64 or hex. It is not replaced, because ` +
          'the households’ data keys are wrapped by it: restore it from a backup',
      );
    }
  }

  /**
   * Writes a new key beside the final name, then links it into place: `link` fails when the file
   * exists, so two processes starting at once cannot each write a key and keep different ones.
   */
  private async createKeyFile(): Promise<Buffer> {
    const directory = path.dirname(this.keyFile);
    await fs.mkdir(directory, { recursive: true, mode: 0o700 });
    const temporary = `${this.keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const key = randomBytes(KEY_BYTES);
    await fs.writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await fs.link(temporary, this.keyFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process won the race: its key is the one.
      const theirs = await this.readKeyFile();
      if (!theirs) throw error;
      return theirs;
    } finally {
      await fs.rm(temporary, { force: true });
    }
    this.logger.warn(
      `Generated the master key in ${this.keyFile}: back it up with the data, or nothing ` +
        'encrypted with the households’ keys can be read again',
    );
    return key;
  }
}
