import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, statfs } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { ObjectStorage } from '@foyer/storage';

/** The bucket of uploaded archives waiting for their import (not a household's). */
export const IMPORTS_BUCKET = 'foyer-imports';

/**
 * Where archives wait and are read. An upload is streamed into object storage (so that a worker
 * on another machine can take the job); before the import, it is copied to a local work file,
 * since a ZIP is read by random access. Work files live under `FOYER_DATA_DIR/imports`.
 */
@Injectable()
export class ImportArchiveStore {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly config: FoyerConfig,
  ) {}

  get workDirectory(): string {
    return path.join(this.config.dataDir, 'imports');
  }

  async storeUpload(importId: string, body: Readable): Promise<number> {
    await this.storage.ensureBucket(IMPORTS_BUCKET);
    const stored = await this.storage.putObject(IMPORTS_BUCKET, importId, body);
    return stored.size;
  }

  /** The uploaded archive as a local file (copied once; a retried job reuses a complete copy). */
  async localCopy(importId: string, expectedBytes: number): Promise<string> {
    await mkdir(this.workDirectory, { recursive: true });
    const file = path.join(this.workDirectory, `${importId}.zip`);
    const partial = `${file}.part`;
    const { size } = await stat(file).catch(() => ({ size: -1 }));
    if (size === expectedBytes) return file;
    await pipeline(
      await this.storage.getObject(IMPORTS_BUCKET, importId),
      createWriteStream(partial),
    );
    await rename(partial, file);
    return file;
  }

  async removeUpload(importId: string): Promise<void> {
    await rm(path.join(this.workDirectory, `${importId}.zip`), { force: true });
    await rm(path.join(this.workDirectory, `${importId}.zip.part`), { force: true });
    await this.storage.removeObject(IMPORTS_BUCKET, importId).catch(() => undefined);
  }

  /** Free bytes on the disk that holds `directory` (or its nearest existing parent). */
  async freeBytes(directory: string): Promise<number> {
    let current = path.resolve(directory);
    for (;;) {
      try {
        const stats = await statfs(current);
        return stats.bavail * stats.bsize;
      } catch (error) {
        const parent = path.dirname(current);
        if (parent === current) throw error;
        current = parent;
      }
    }
  }

  /** True when household blobs land on this machine's disk (the embedded default's driver). */
  get objectsDirectory(): string | null {
    return this.config.storage.kind === 'disk' ? this.config.storage.directory : null;
  }
}
