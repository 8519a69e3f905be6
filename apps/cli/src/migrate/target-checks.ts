import { randomBytes } from 'node:crypto';
import { promises as fs, statfsSync } from 'node:fs';
import * as path from 'node:path';
import type { FoyerConfig } from '@foyer/core';
import { CliError } from '../cli-error';
import { formatBytes } from '../progress-display';

/** Room left beyond the archive and the files it brings (database growth, temporary files). */
export const DISK_MARGIN_BYTES = 256 * 1024 * 1024;

/**
 * The data directory can hold what `foyer migrate` writes there (its work folder): checked by
 * writing, which is what counts (permissions, a read-only mount, a path that is a file).
 */
export async function assertWritable(config: FoyerConfig, directory: string): Promise<void> {
  const probe = path.join(directory, `.write-check-${randomBytes(4).toString('hex')}`);
  try {
    await fs.mkdir(directory, { recursive: true });
    await fs.writeFile(probe, '');
  } catch (error) {
    throw new CliError(
      `Foyer cannot write in its data directory ${config.dataDir} (${(error as Error).message}). ` +
        'Give FOYER_DATA_DIR a folder this user can write to.',
    );
  } finally {
    await fs.rm(probe, { force: true }).catch(() => undefined);
  }
}

/**
 * Bytes the migration still needs on the disk of the data directory: the rest of the archive
 * to download, the files it brings when household files are stored on this disk (the embedded
 * default's objects folder), and a margin.
 */
export function bytesNeeded(
  archiveBytes: number,
  alreadyDownloaded: number,
  filesOnThisDisk: boolean,
): number {
  return (
    Math.max(0, archiveBytes - alreadyDownloaded) +
    (filesOnThisDisk ? archiveBytes : 0) +
    DISK_MARGIN_BYTES
  );
}

/** Free bytes on the disk that holds `directory` (or its nearest existing parent). */
function freeBytes(directory: string): number {
  let current = path.resolve(directory);
  for (;;) {
    try {
      const stats = statfsSync(current);
      return stats.bavail * stats.bsize;
    } catch (error) {
      const parent = path.dirname(current);
      if (parent === current) throw error;
      current = parent;
    }
  }
}

/** Refuses, before any byte is downloaded, a migration the disk cannot hold. */
export function assertRoomFor(
  config: FoyerConfig,
  directory: string,
  archiveBytes: number,
  alreadyDownloaded: number,
): void {
  const need = bytesNeeded(archiveBytes, alreadyDownloaded, config.storage.kind === 'disk');
  const free = freeBytes(directory);
  if (need > free) {
    throw new CliError(
      `The archive is ${formatBytes(archiveBytes)}; downloading and importing it needs about ` +
        `${formatBytes(need)} free on the disk of ${config.dataDir}, which has ${formatBytes(free)}. ` +
        'Make room (or point FOYER_DATA_DIR to a larger disk) and run the same command again.',
    );
  }
}
