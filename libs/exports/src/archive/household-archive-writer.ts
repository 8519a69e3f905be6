import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import { ZipFile } from 'yazl';
import { FoyerError } from '@foyer/core';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  ExportManifest,
  ExportScope,
  JsonLinesSpool,
  MANIFEST_PATH,
  ManifestEntry,
  PortabilityRegistry,
  PortableSection,
  SectionSnapshot,
  SnapshotChange,
} from '@foyer/portability';
import { ExportsErrorCode } from '../exports-error-code';
import { ExportHouseholdRepository } from '../repositories/export-household.repository';
import { ArchiveProgress } from './archive-progress';
import { EntryHasher } from './entry-hasher';
import { foyerVersion } from './foyer-version';
import { readmeText } from './readme-text';
import { ZipNameSlabs } from './zip-name-slabs';

export const README_PATH = 'README.txt';
const EMPTY_SHA256 = createHash('sha256').digest('hex');
/** Byte progress is reported at most once per this many bytes (and at every entry's end). */
const PROGRESS_STEP_BYTES = 1024 * 1024;

export type ProgressListener = (progress: ArchiveProgress) => void;

/** What the writer wrote: the archive's manifest.json but for its list of entries. */
export type WrittenArchive = Omit<ExportManifest, 'entries'>;

interface Opened {
  section: PortableSection;
  snapshot: SectionSnapshot;
}

function invalidEntry(path: string, why: string): FoyerError {
  return new FoyerError(500, ExportsErrorCode.InvalidEntry, `Archive entry "${path}": ${why}`);
}

/** A section's path must be one a ZIP carries unchanged and every tool unpacks in place. */
function checkEntryPath(path: string): void {
  const folder = path.endsWith('/');
  const segments = (folder ? path.slice(0, -1) : path).split('/');
  if (path.startsWith('/') || segments.some((segment) => segment === '' || segment === '..')) {
    throw invalidEntry(path, 'not a relative path of non-empty names');
  }
  // yazl would turn a backslash into a separator, silently changing the tree.
  if (path.includes('\\')) throw invalidEntry(path, 'contains a backslash');
  if (path === MANIFEST_PATH || path === README_PATH) throw invalidEntry(path, 'reserved name');
}

/**
 * Writes a household's `foyer-export` v1 archive to a stream: README.txt, then every registered
 * portable section's entries in registry order, then manifest.json — last, and only once every
 * other entry is complete. One entry is read at a time and backpressure runs from `out` back to
 * the storage read, so memory stays constant whatever the size; each entry's SHA-256 is computed
 * while it streams. Resolves with the manifest once `out` has received the last byte; a failure
 * anywhere destroys `out` with the error (a partial archive has no manifest, so no reader takes
 * it for a complete one).
 */
@Injectable()
export class HouseholdArchiveWriter {
  private readonly logger = new Logger(HouseholdArchiveWriter.name);

  constructor(
    private readonly registry: PortabilityRegistry,
    private readonly households: ExportHouseholdRepository,
  ) {}

  async write(
    householdId: string,
    scope: ExportScope,
    out: Writable,
    onProgress?: ProgressListener,
  ): Promise<WrittenArchive> {
    const household = await this.households.findById(householdId);
    if (!household) {
      const error = new FoyerError(404, ExportsErrorCode.HouseholdNotFound, 'No such household');
      out.destroy(error);
      throw error;
    }
    const createdAt = new Date();
    const opened: Opened[] = [];
    let listed: JsonLinesSpool<ManifestEntry> | undefined;
    try {
      for (const section of this.registry.sections()) {
        opened.push({ section, snapshot: await section.snapshot(householdId, scope) });
      }
      listed = await JsonLinesSpool.create<ManifestEntry>('export-manifest');
      return await this.stream(
        { id: household.id, name: household.name, slug: household.slug },
        scope,
        createdAt,
        opened,
        listed,
        out,
        onProgress,
      );
    } catch (error) {
      if (!out.destroyed) out.destroy(error as Error);
      throw error;
    } finally {
      await listed?.remove().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Could not remove the list of entries');
      });
      for (const { section, snapshot } of opened) {
        await snapshot.close?.().catch((error: unknown) => {
          this.logger.warn({ err: error, section: section.id }, 'Could not close a snapshot');
        });
      }
    }
  }

  private async stream(
    household: ExportManifest['household'],
    scope: ExportScope,
    createdAt: Date,
    opened: readonly Opened[],
    listed: JsonLinesSpool<ManifestEntry>,
    out: Writable,
    onProgress: ProgressListener | undefined,
  ): Promise<WrittenArchive> {
    const generator = `Foyer ${foyerVersion()}`;
    const readme = Buffer.from(
      readmeText({
        householdName: household.name,
        createdAt,
        scope,
        generator,
        sectionIds: opened.map(({ section }) => section.id),
        omissions: opened.flatMap(({ snapshot }) => snapshot.omissions ?? []),
      }),
    );
    const progress: ArchiveProgress = {
      entriesDone: 0,
      // README.txt and manifest.json besides the sections' entries.
      entryTotal: 2 + opened.reduce((sum, { snapshot }) => sum + snapshot.entryCount, 0),
      bytesDone: 0,
      byteTotal: readme.length + opened.reduce((sum, { snapshot }) => sum + snapshot.byteCount, 0),
    };
    let reportedBytes = 0;
    const report = (): void => {
      reportedBytes = progress.bytesDone;
      onProgress?.({ ...progress });
    };

    // The first failure anywhere (ZIP, output, an entry's read) ends every wait at once. An
    // abort signal rather than a promise to race against: each race would leave a reaction on
    // that promise for the rest of the export, a little memory for every entry.
    let failure: Error | undefined;
    const aborter = new AbortController();
    const fail = (error: Error): void => {
      if (failure) return;
      failure = error;
      aborter.abort(error);
    };
    const untilEnd = async (emitter: Readable): Promise<void> => {
      try {
        await once(emitter, 'end', { signal: aborter.signal });
      } catch (error) {
        throw failure ?? error;
      }
    };

    const zip = new ZipFile();
    const names = new ZipNameSlabs(zip);
    const output = zip.outputStream as Readable;
    zip.on('error', fail);
    output.on('error', fail);
    out.on('error', fail);
    out.on('close', () => {
      if (!out.writableFinished) fail(new Error('The archive output closed before the end'));
    });
    output.pipe(out);
    const outFinished = finished(out);
    outFinished.catch(fail);

    // What manifest.json lists goes to `listed` as it is written, not into memory.
    const counts = { entries: 0, files: 0, bytes: 0 };
    const seen = new Set<string>();
    const record = async (entry: ManifestEntry): Promise<void> => {
      // yazl keeps the name of every entry added until the end.
      names.moveNewNames();
      await listed.append(entry);
      counts.entries++;
      if (entry.type === 'file') counts.files++;
      counts.bytes += entry.size;
      progress.entriesDone++;
      report();
    };
    const claim = (path: string): void => {
      const key = path.endsWith('/') ? path.slice(0, -1) : path;
      if (seen.has(key)) throw invalidEntry(path, 'written twice');
      seen.add(key);
    };

    const addStream = async (
      path: string,
      modifiedAt: Date,
      body: Readable,
      compress: boolean,
    ): Promise<{ size: number; sha256: string }> => {
      const hasher = new EntryHasher((bytes) => {
        progress.bytesDone += bytes;
        if (progress.bytesDone - reportedBytes >= PROGRESS_STEP_BYTES) report();
      });
      body.once('error', fail);
      hasher.once('error', fail);
      body.pipe(hasher);
      // yazl keeps the function that hands it an entry's stream until the archive ends. Handed
      // over and forgotten here, each entry's streams can be collected once written; given
      // directly (addReadStream), every stream of the archive stayed reachable: about 7 KiB a
      // file, 130 MiB for 20,000 files.
      let handOver: Readable | undefined = hasher;
      zip.addReadStreamLazy(path, { mtime: modifiedAt, compress }, (callback) => {
        const stream = handOver;
        handOver = undefined;
        if (stream) callback(null, stream);
        else callback(new Error(`The data of ${path} was asked for twice`), new Readable());
      });
      try {
        await untilEnd(hasher);
      } catch (error) {
        body.destroy();
        hasher.destroy();
        throw error;
      }
      return { size: hasher.size, sha256: hasher.sha256 };
    };

    const addBuffer = (path: string, modifiedAt: Date, bytes: Buffer): ManifestEntry => {
      zip.addBuffer(bytes, path, { mtime: modifiedAt, compress: true });
      progress.bytesDone += bytes.length;
      return {
        path,
        type: 'file',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        modifiedAt: modifiedAt.toISOString(),
      };
    };

    await record(addBuffer(README_PATH, createdAt, readme));

    const sections: Record<string, Record<string, unknown>> = {};
    const changes: SnapshotChange[] = [];
    for (const { section, snapshot } of opened) {
      for await (const entry of snapshot.entries()) {
        if (failure) throw failure;
        checkEntryPath(entry.path);
        claim(entry.path);
        if (entry.path.endsWith('/')) {
          zip.addEmptyDirectory(entry.path, { mtime: entry.modifiedAt });
          await record({
            path: entry.path,
            type: 'folder',
            size: 0,
            sha256: EMPTY_SHA256,
            modifiedAt: entry.modifiedAt.toISOString(),
          });
          continue;
        }
        const body = entry.open ? await entry.open() : Readable.from([]);
        if (body === null) continue;
        const written = await addStream(
          entry.path,
          entry.modifiedAt,
          body,
          entry.compressible ?? true,
        );
        entry.written?.(written);
        await record({
          path: entry.path,
          type: 'file',
          size: written.size,
          sha256: written.sha256,
          modifiedAt: entry.modifiedAt.toISOString(),
        });
      }
      sections[section.id] = await snapshot.metadata();
      changes.push(...((await snapshot.changedDuringExport?.()) ?? []));
    }
    if (failure) throw failure;

    await listed.close();

    const summary: WrittenArchive = {
      format: EXPORT_FORMAT,
      version: EXPORT_FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      generator,
      household,
      scope: scope.kind === 'household' ? { kind: 'household' } : scope,
      counts: {
        entries: counts.entries,
        files: counts.files,
        folders: counts.entries - counts.files,
        bytes: counts.bytes,
      },
      sections,
      changedDuringExport: changes,
    };
    // Streamed from the list, like any entry: the manifest of a large household is never held
    // whole in memory either.
    await addStream(MANIFEST_PATH, createdAt, Readable.from(manifestJson(summary, listed)), true);
    zip.end();
    try {
      await outFinished;
    } catch (error) {
      throw failure ?? error;
    }
    if (failure) throw failure;
    progress.entriesDone++;
    // What was really written: a section's estimate or a left-out entry no longer counts.
    progress.entryTotal = progress.entriesDone;
    progress.byteTotal = progress.bytesDone;
    report();
    return summary;
  }
}

/**
 * manifest.json: the summary's fields, then `entries` (one per line), then `changedDuringExport`,
 * in the order of the ExportManifest type.
 */
async function* manifestJson(
  summary: WrittenArchive,
  listed: JsonLinesSpool<ManifestEntry>,
): AsyncGenerator<Buffer> {
  const { changedDuringExport, ...head } = summary;
  const opening = JSON.stringify(head, null, 2);
  // `{ ...head` without its closing brace, then the entries.
  yield Buffer.from(`${opening.slice(0, opening.lastIndexOf('}')).trimEnd()},\n  "entries": [`);
  let first = true;
  let batch = '';
  for await (const entry of listed.values()) {
    batch += `${first ? '' : ','}\n    ${JSON.stringify(entry)}`;
    first = false;
    if (batch.length >= 64 * 1024) {
      yield Buffer.from(batch);
      batch = '';
    }
  }
  const changes = JSON.stringify(changedDuringExport, null, 2).replace(/\n/g, '\n  ');
  yield Buffer.from(`${batch}${first ? '' : '\n  '}],\n  "changedDuringExport": ${changes}\n}\n`);
}
