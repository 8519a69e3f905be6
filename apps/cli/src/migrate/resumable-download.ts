import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CliError } from '../cli-error';
import { MigrationSourceClient, refusal } from './migration-source-client';

export interface DownloadTarget {
  /** Where the complete archive ends up. */
  readonly file: string;
  readonly size: number;
  /** The archive's SHA-256 when the source gave it: checked once the download is complete. */
  readonly sha256: string | null;
}

/**
 * Downloads into `<file>.part`, continuing from what is already there with an HTTP Range
 * request (a `foyer migrate` that was stopped resumes where it stopped), then checks the size
 * and hash and renames the file. A source that ignores the range (200) is written from the start.
 */
export async function downloadResumable(
  client: MigrationSourceClient,
  pathname: string,
  target: DownloadTarget,
  onBytes: (done: number, total: number) => void,
): Promise<void> {
  const partial = `${target.file}.part`;
  let have = (await fs.stat(partial).catch(() => undefined))?.size ?? 0;
  if (have > target.size) {
    await fs.rm(partial, { force: true });
    have = 0;
  }
  if (have < target.size) {
    const response = await client.fetch(pathname, {
      headers: client.headers({
        Accept: 'application/zip',
        ...(have > 0 ? { Range: `bytes=${have}-` } : {}),
      }),
    });
    if (response.status === 200) {
      have = 0;
    } else if (response.status === 206) {
      const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== have || Number(range[2]) !== target.size) {
        throw new CliError('The source answered another part of the archive than asked for');
      }
    } else {
      throw await refusal('the download', response);
    }
    if (!response.body) throw new CliError('The source sent no archive');
    let done = have;
    onBytes(done, target.size);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        done += chunk.length;
        onBytes(done, target.size);
        next(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
      counter,
      createWriteStream(partial, { flags: have > 0 ? 'a' : 'w' }),
    );
  }
  const size = (await fs.stat(partial)).size;
  if (size !== target.size) {
    throw new CliError(
      `The download stopped at ${size} of ${target.size} bytes; run the same command again to resume`,
    );
  }
  if (target.sha256) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(partial), hash);
    const actual = hash.digest('hex');
    if (actual !== target.sha256) {
      await fs.rm(partial, { force: true });
      throw new CliError(
        `The downloaded archive's SHA-256 is ${actual}, the source said ${target.sha256}; it was deleted, run the command again`,
      );
    }
  }
  await fs.rename(partial, target.file);
}
