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
 * FOYER_MASTER_KEY (the config refuses to start without it). The embedded default, where nobody
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
