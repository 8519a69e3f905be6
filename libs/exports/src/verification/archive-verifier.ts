import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import * as yauzl from 'yauzl';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  ExportManifest,
  MANIFEST_PATH,
  ManifestEntry,
} from '@foyer/portability';
import { ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive-limits';
import { collisionKey, decodeEntryName, unsafePathReason } from './archive-path';
import { ArchiveProblemCode as Code } from './archive-problem-code';
import { manifestSchemaErrors } from './manifest-schema';
import {
  ArchiveProblem,
  VerificationReport,
  VerifyOptions,
  VerificationProgress,
} from './verification-report';

const UTF8_FLAG = 0x800;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** Size of a local file header before its name: the least room an entry's record takes. */
const LOCAL_HEADER_BYTES = 30;
/** Info-ZIP "universal timestamp" extra field: the modification time in Unix seconds. */
const EXTENDED_TIMESTAMP = 0x5455;
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

interface ZipItem {
  readonly entry: yauzl.Entry;
  readonly path: string;
  readonly isFolder: boolean;
  /** Why the stored name cannot be trusted as text, if it cannot. */
  readonly nameProblem: string | undefined;
  /** Whether its data may be read: not encrypted, a known method, not a suspected bomb. */
  readable: boolean;
}

interface Digest {
  readonly size: number;
  readonly sha256: string;
  readonly crc32: number;
}

/** Errors of the file system (ENOENT, EIO, ...), as opposed to what a damaged ZIP causes. */
function isIoError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Problems in the order found, cut at the limit (the rest only counted). */
class ProblemList {
  readonly items: ArchiveProblem[] = [];
  private dropped = 0;

  constructor(private readonly max: number) {}

  add(code: Code, message: string, path?: string): void {
    if (this.items.length >= this.max) {
      this.dropped++;
      return;
    }
    this.items.push(path === undefined ? { code, message } : { code, path, message });
  }

  finish(): ArchiveProblem[] {
    if (this.dropped > 0) {
      this.items.push({
        code: Code.TooManyProblems,
        message: `${this.dropped} more problem(s) not listed`,
      });
    }
    return this.items;
  }
}

function openZip(archivePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      archivePath,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

/**
 * Checks a `foyer-export` archive on disk without trusting it: the ZIP structure, the paths
 * (nothing that could escape or collide when extracted), zip-bomb limits, `manifest.json`
 * against its JSON Schema, that the manifest and the ZIP list the same entries, and every
 * entry's size, CRC-32 and SHA-256, streamed (random access through the central directory;
 * the archive is never held in memory). A bad archive gives a report with problems; only an
 * I/O error it cannot attribute to the archive (a missing file, a failing disk) is thrown.
 * Used by `foyer verify` and by the importer before it touches anything.
 */
@Injectable()
export class ArchiveVerifier {
  async verify(archivePath: string, options: VerifyOptions = {}): Promise<VerificationReport> {
    const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
    const problems = new ProblemList(limits.maxProblems);
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(archivePath);
    } catch (error) {
      if (isIoError(error)) throw error;
      problems.add(Code.NotAZip, `Not a readable ZIP file: ${messageOf(error)}`);
      return report(problems, null, []);
    }
    try {
      return await this.verifyOpen(zip, limits, problems, options.onProgress);
    } finally {
      zip.close();
    }
  }

  private async verifyOpen(
    zip: yauzl.ZipFile,
    limits: ArchiveLimits,
    problems: ProblemList,
    onProgress: ((progress: VerificationProgress) => void) | undefined,
  ): Promise<VerificationReport> {
    if (zip.entryCount > limits.maxEntries) {
      problems.add(
        Code.TooManyEntries,
        `The archive has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`,
      );
      return report(problems, null, []);
    }
    let items: ZipItem[];
    try {
      items = await readDirectory(zip);
    } catch (error) {
      if (isIoError(error)) throw error;
      problems.add(Code.ZipStructure, `The ZIP directory is damaged: ${messageOf(error)}`);
      return report(problems, null, []);
    }
    checkEntries(items, problems);
    const bombSuspected = checkLimits(items, limits, problems);

    const manifestItems = items.filter((item) => item.path === MANIFEST_PATH);
    const manifestItem = manifestItems[manifestItems.length - 1];
    let parsed: unknown;
    if (manifestItem) {
      parsed = await readManifest(zip, manifestItem, items, limits, problems);
    } else {
      problems.add(
        Code.ManifestMissing,
        'There is no manifest.json: not a Foyer export, or one that never finished',
      );
    }
    const manifest = parsed === undefined ? undefined : checkManifest(parsed, problems);
    const listed = manifest ? crossCheck(manifest, items, problems) : undefined;

    if (!bombSuspected) {
      await checkData(
        zip,
        items.filter((item) => item !== manifestItem),
        listed,
        problems,
        onProgress,
      );
    }
    return report(problems, parsed ?? null, items, manifest);
  }
}

async function readDirectory(zip: yauzl.ZipFile): Promise<ZipItem[]> {
  const items: ZipItem[] = [];
  for await (const entry of zip.eachEntry()) {
    const decoded = decodeEntryName(
      entry.fileNameRaw,
      (entry.generalPurposeBitFlag & UTF8_FLAG) !== 0,
    );
    items.push({
      entry,
      path: decoded.name,
      isFolder: decoded.name.endsWith('/'),
      nameProblem: decoded.problem,
      readable: true,
    });
  }
  return items;
}

/** Paths, duplicates, entry types, encryption and compression methods. */
function checkEntries(items: ZipItem[], problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const { entry, path } = item;
    const unsafe = item.nameProblem ?? unsafePathReason(path);
    if (unsafe) problems.add(Code.UnsafePath, `Unsafe path: ${unsafe}`, path);

    const key = collisionKey(path);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add(
        Code.DuplicatePath,
        earlier === path
          ? 'The path appears twice in the archive'
          : `The path collides with "${earlier}" once extracted (same name in Unicode NFC, or a file and a folder)`,
        path,
      );
    } else {
      seen.set(key, path);
    }

    // The Unix mode, when the writer recorded one (high half of the external attributes).
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (type !== 0) {
      if (type === S_IFLNK) {
        problems.add(Code.SymlinkEntry, 'A symbolic link: an export holds none', path);
        item.readable = false;
      } else if (type !== S_IFREG && type !== S_IFDIR) {
        problems.add(Code.SpecialEntry, `A special file (mode ${type.toString(8)})`, path);
        item.readable = false;
      }
    }
    if (entry.isEncrypted()) {
      problems.add(Code.EncryptedEntry, 'An encrypted entry: an export holds none', path);
      item.readable = false;
    } else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      problems.add(
        Code.UnsupportedCompression,
        `Compression method ${entry.compressionMethod} (only stored and deflated are used)`,
        path,
      );
      item.readable = false;
    }
  }
}

/**
 * Entry count, total size, compression ratios and overlapping data. Returns true when the
 * archive looks like a bomb, in which case no data is inflated at all.
 */
function checkLimits(items: ZipItem[], limits: ArchiveLimits, problems: ProblemList): boolean {
  let bomb = false;
  let totalUncompressed = 0;
  let totalCompressed = 0;
  for (const item of items) {
    const { uncompressedSize, compressedSize } = item.entry;
    totalUncompressed += uncompressedSize;
    totalCompressed += compressedSize;
    if (uncompressedSize >= limits.ratioMinimumBytes) {
      const ratio = uncompressedSize / Math.max(compressedSize, 1);
      if (ratio > limits.maxEntryRatio) {
        problems.add(
          Code.EntryRatioTooHigh,
          `Expands ${ratio.toFixed(0)} times (${compressedSize} → ${uncompressedSize} bytes), more than the limit of ${limits.maxEntryRatio}`,
          item.path,
        );
        item.readable = false;
      }
    }
  }
  if (totalUncompressed > limits.maxTotalBytes) {
    problems.add(
      Code.TotalSizeTooLarge,
      `The entries add up to ${totalUncompressed} bytes, more than the limit of ${limits.maxTotalBytes}`,
    );
    bomb = true;
  }
  if (totalUncompressed >= limits.ratioMinimumBytes) {
    const ratio = totalUncompressed / Math.max(totalCompressed, 1);
    if (ratio > limits.maxTotalRatio) {
      problems.add(
        Code.TotalRatioTooHigh,
        `The archive expands ${ratio.toFixed(0)} times, more than the limit of ${limits.maxTotalRatio}`,
      );
      bomb = true;
    }
  }
  const byOffset = [...items].sort(
    (a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader,
  );
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1].entry;
    const leastEnd =
      previous.relativeOffsetOfLocalHeader +
      LOCAL_HEADER_BYTES +
      previous.fileNameLength +
      previous.compressedSize;
    if (leastEnd > byOffset[i].entry.relativeOffsetOfLocalHeader) {
      problems.add(
        Code.OverlappingEntries,
        `Its data overlaps the data of "${byOffset[i - 1].path}"`,
        byOffset[i].path,
      );
      bomb = true;
    }
  }
  return bomb;
}

/** Reads and parses manifest.json (checking its CRC too), or records why it cannot. */
async function readManifest(
  zip: yauzl.ZipFile,
  item: ZipItem,
  items: ZipItem[],
  limits: ArchiveLimits,
  problems: ProblemList,
): Promise<unknown> {
  if (items[items.length - 1] !== item) {
    problems.add(
      Code.ManifestNotLast,
      'manifest.json is not the last entry (the writer adds it once every other entry is complete)',
      MANIFEST_PATH,
    );
  }
  if (item.entry.uncompressedSize > limits.maxManifestBytes) {
    problems.add(
      Code.ManifestTooLarge,
      `manifest.json is ${item.entry.uncompressedSize} bytes, more than the limit of ${limits.maxManifestBytes}`,
      MANIFEST_PATH,
    );
    return undefined;
  }
  if (!item.readable) return undefined;
  const chunks: Buffer[] = [];
  let digest: Digest;
  try {
    digest = await readEntry(zip, item.entry, (chunk) => chunks.push(chunk));
  } catch (error) {
    if (isIoError(error)) throw error;
    problems.add(
      Code.CorruptEntry,
      `manifest.json cannot be read: ${messageOf(error)}`,
      MANIFEST_PATH,
    );
    return undefined;
  }
  if (digest.crc32 !== item.entry.crc32) {
    problems.add(Code.CrcMismatch, 'manifest.json does not match its CRC-32', MANIFEST_PATH);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    problems.add(
      Code.ManifestInvalidJson,
      `manifest.json is not valid JSON: ${messageOf(error)}`,
      MANIFEST_PATH,
    );
    return undefined;
  }
}

/** Format, version, schema and counts; the manifest when it can be trusted for the rest. */
function checkManifest(parsed: unknown, problems: ProblemList): ExportManifest | undefined {
  const header = (parsed ?? {}) as { format?: unknown; version?: unknown };
  if (header.format !== EXPORT_FORMAT) {
    problems.add(
      Code.WrongFormat,
      `The format is ${JSON.stringify(header.format)}, not "${EXPORT_FORMAT}"`,
      MANIFEST_PATH,
    );
    return undefined;
  }
  if (header.version !== EXPORT_FORMAT_VERSION) {
    problems.add(
      Code.UnsupportedVersion,
      `Version ${JSON.stringify(header.version)} of ${EXPORT_FORMAT}; this program reads version ${EXPORT_FORMAT_VERSION}`,
      MANIFEST_PATH,
    );
    return undefined;
  }
  const errors = manifestSchemaErrors(parsed);
  for (const error of errors) {
    problems.add(Code.ManifestSchema, `manifest.json: ${error}`, MANIFEST_PATH);
  }
  if (errors.length > 0) return undefined;
  const manifest = parsed as ExportManifest;
  const expected = {
    entries: manifest.entries.length,
    files: manifest.entries.filter((entry) => entry.type === 'file').length,
    folders: manifest.entries.filter((entry) => entry.type === 'folder').length,
    bytes: manifest.entries.reduce((sum, entry) => sum + entry.size, 0),
  };
  for (const key of ['entries', 'files', 'folders', 'bytes'] as const) {
    if (manifest.counts[key] !== expected[key]) {
      problems.add(
        Code.CountMismatch,
        `counts.${key} is ${manifest.counts[key]} but the entries add up to ${expected[key]}`,
        MANIFEST_PATH,
      );
    }
  }
  return manifest;
}

/** The manifest's entries against the ZIP's: same paths, types, sizes and times. */
function crossCheck(
  manifest: ExportManifest,
  items: ZipItem[],
  problems: ProblemList,
): Map<string, ManifestEntry> {
  const listed = new Map<string, ManifestEntry>();
  for (const entry of manifest.entries) {
    if (listed.has(entry.path)) {
      problems.add(Code.ManifestDuplicatePath, 'Listed twice in the manifest', entry.path);
    }
    listed.set(entry.path, entry);
  }
  if (listed.has(MANIFEST_PATH)) {
    problems.add(Code.ManifestSchema, 'The manifest lists itself', MANIFEST_PATH);
  }
  const inZip = new Map<string, ZipItem>();
  for (const item of items) if (!inZip.has(item.path)) inZip.set(item.path, item);

  for (const entry of listed.values()) {
    const item = inZip.get(entry.path);
    if (!item) {
      problems.add(Code.MissingEntry, 'Listed in the manifest but absent from the ZIP', entry.path);
      continue;
    }
    if ((entry.type === 'folder') !== item.isFolder) {
      problems.add(
        Code.EntryTypeMismatch,
        `The manifest says ${entry.type}, the ZIP holds a ${item.isFolder ? 'folder' : 'file'}`,
        entry.path,
      );
    }
    if (entry.size !== item.entry.uncompressedSize) {
      problems.add(
        Code.SizeMismatch,
        `The manifest says ${entry.size} bytes, the ZIP ${item.entry.uncompressedSize}`,
        entry.path,
      );
    }
    const zipSeconds = extendedTimestamp(item.entry);
    const manifestSeconds = Math.floor(Date.parse(entry.modifiedAt) / 1000);
    if (zipSeconds !== undefined && zipSeconds !== manifestSeconds) {
      problems.add(
        Code.MtimeMismatch,
        `Modified ${entry.modifiedAt} in the manifest, ${new Date(zipSeconds * 1000).toISOString()} in the ZIP`,
        entry.path,
      );
    }
  }
  for (const item of inZip.values()) {
    if (item.path !== MANIFEST_PATH && !listed.has(item.path)) {
      problems.add(Code.ExtraEntry, 'In the ZIP but not listed in the manifest', item.path);
    }
  }
  return listed;
}

/** The entry's Unix mtime in seconds from its extended-timestamp field, if it has one. */
function extendedTimestamp(entry: yauzl.Entry): number | undefined {
  const field = entry.extraFields.find((extra) => extra.id === EXTENDED_TIMESTAMP);
  if (!field || field.data.length < 5 || (field.data[0] & 1) === 0) return undefined;
  return field.data.readInt32LE(1);
}

/** Streams every readable entry once: its size, CRC-32 and SHA-256 against what is declared. */
async function checkData(
  zip: yauzl.ZipFile,
  items: ZipItem[],
  listed: Map<string, ManifestEntry> | undefined,
  problems: ProblemList,
  onProgress: ((progress: VerificationProgress) => void) | undefined,
): Promise<void> {
  const readable = items.filter((item) => item.readable);
  const progress = {
    entriesDone: 0,
    entryTotal: readable.length,
    bytesDone: 0,
    byteTotal: readable.reduce((sum, item) => sum + item.entry.uncompressedSize, 0),
  };
  let reported = 0;
  const report = (): void => {
    reported = progress.bytesDone;
    onProgress?.({ ...progress });
  };
  report();
  for (const item of readable) {
    const { entry, path } = item;
    if (item.isFolder && entry.uncompressedSize > 0) {
      problems.add(
        Code.SizeMismatch,
        `A folder entry with ${entry.uncompressedSize} bytes of data`,
        path,
      );
    }
    let digest: Digest | undefined;
    try {
      digest = await readEntry(zip, entry, (chunk) => {
        progress.bytesDone += chunk.length;
        if (progress.bytesDone - reported >= PROGRESS_EVERY_BYTES) report();
      });
    } catch (error) {
      if (isIoError(error)) throw error;
      const message = messageOf(error);
      problems.add(
        /bytes in the stream/.test(message) ? Code.SizeMismatch : Code.CorruptEntry,
        `The data cannot be read: ${message}`,
        path,
      );
    }
    progress.entriesDone++;
    if (!digest) continue;
    if (digest.crc32 !== entry.crc32) {
      problems.add(Code.CrcMismatch, 'The data does not match its CRC-32: it was altered', path);
    }
    const expected = listed?.get(path);
    if (expected && expected.sha256 !== digest.sha256) {
      problems.add(
        Code.ChecksumMismatch,
        `SHA-256 ${digest.sha256}, the manifest says ${expected.sha256}`,
        path,
      );
    }
  }
  report();
}

async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  onChunk: (chunk: Buffer) => void,
): Promise<Digest> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const hash = createHash('sha256');
  let crc = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    crc = crc32(chunk, crc);
    size += chunk.length;
    onChunk(chunk);
  }
  return { size, sha256: hash.digest('hex'), crc32: crc >>> 0 };
}

function report(
  problems: ProblemList,
  parsed: unknown,
  items: ZipItem[],
  manifest?: ExportManifest,
): VerificationReport {
  const header = (parsed && typeof parsed === 'object' ? parsed : {}) as {
    format?: unknown;
    version?: unknown;
    household?: { id?: unknown; name?: unknown; slug?: unknown };
  };
  const household = header.household;
  const content = items.filter((item) => item.path !== MANIFEST_PATH);
  const list = problems.finish();
  return {
    ok: list.length === 0,
    format: typeof header.format === 'string' ? header.format : null,
    version: typeof header.version === 'number' ? header.version : null,
    household:
      household &&
      typeof household.id === 'string' &&
      typeof household.name === 'string' &&
      typeof household.slug === 'string'
        ? { id: household.id, name: household.name, slug: household.slug }
        : null,
    counts: {
      entries: content.length,
      files: content.filter((item) => !item.isFolder).length,
      folders: content.filter((item) => item.isFolder).length,
      bytes: content.reduce((sum, item) => sum + item.entry.uncompressedSize, 0),
    },
    problems: list,
    manifest: manifest && list.length === 0 ? manifest : null,
  };
}
