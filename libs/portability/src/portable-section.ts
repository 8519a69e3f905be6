import type { Readable } from 'node:stream';
import type { ArchiveFieldCheck } from './archive-field-check';

/**
 * The seam between the household archive (export, import, migration) and the libraries that own
 * a household's data. Each data library implements one `PortableSection` per kind of data it owns
 * (files, contacts, calendars, the household's own record), marks it with `@PortableSectionProvider()`,
 * and the exporter and importer walk the registered sections without knowing what is inside them.
 */

/** Whose data an export carries: the whole household, or what one member may take with them. */
export type ExportScope =
  { readonly kind: 'household' } | { readonly kind: 'member'; readonly userId: string };

/** One entry a section writes into the archive. */
export interface ArchiveEntryOut {
  /**
   * Path inside the archive, `/`-separated, no leading slash (`contacts/family.vcf`). A path
   * ending in `/` is a folder entry (written so that empty folders survive) and has no `open`.
   */
  readonly path: string;
  readonly modifiedAt: Date;
  /** Size in bytes when the section knows it before reading (progress totals); folders: 0. */
  readonly size?: number;
  /**
   * False for bytes that rarely shrink (photos, videos, any user file): stored as they are, which
   * keeps the export fast and the entries readable by any tool. Default true (deflated).
   */
  readonly compressible?: boolean;
  /**
   * Opens the bytes when the exporter is ready to write them; called at most once. Resolves to
   * null when the data vanished since the snapshot (the section then reports it in
   * `changedDuringExport`): the entry is left out of the archive.
   */
  readonly open?: () => Promise<Readable | null>;
  /**
   * Called once the entry's bytes are in the archive, with what the exporter counted and hashed
   * while streaming them; a section that knows what the bytes must be (a stored checksum) throws
   * when they differ, which fails the export rather than writing a wrong archive.
   */
  readonly written?: (actual: { readonly size: number; readonly sha256: string }) => void;
}

/** Something that differs in the household from what the snapshot said (see the manifest). */
export interface SnapshotChange {
  readonly path: string;
  readonly change: 'modified' | 'deleted';
}

/**
 * A section's view of a household frozen when the export starts: its counts (for progress) and
 * the entries to write. Taking the snapshot reads metadata only; reading bytes happens in
 * `entries()`. A section whose data can change underneath reports what changed in
 * `changedDuringExport` rather than writing a silently inconsistent archive.
 */
export interface SectionSnapshot {
  readonly entryCount: number;
  readonly byteCount: number;
  entries(): AsyncIterable<ArchiveEntryOut>;
  /** Section metadata recorded under `manifest.sections[<id>]` (collection names, owners, ...). */
  metadata(): Promise<Record<string, unknown>>;
  /**
   * What this section leaves out of the archive on purpose, a sentence each, for README.txt
   * (the section's metadata records it too, for the import's report).
   */
  readonly omissions?: readonly string[];
  /**
   * Asked once every entry has been written: the archive paths whose content is not as the
   * snapshot said (read after a change, or left out because it was gone). Absent: nothing can
   * change underneath this section's snapshot.
   */
  changedDuringExport?(): Promise<readonly SnapshotChange[]>;
  /** Lets go of what the snapshot holds (a hold on blobs); always called, even after a failure. */
  close?(): Promise<void>;
}

/** Read access to an archive that the importer has already validated (paths, checksums, limits). */
export interface ArchiveReader {
  /** Entry paths under a prefix (`contacts/`), in archive order. */
  list(prefix: string): readonly ArchiveEntryIn[];
  open(path: string): Promise<Readable>;
  readJson<T>(path: string): Promise<T>;
}

export interface ArchiveEntryIn {
  readonly path: string;
  readonly size: number;
  readonly modifiedAt: Date;
  readonly sha256: string;
  readonly isFolder: boolean;
}

/** Where a section restores into: always a new household that nobody can see yet. */
export interface RestoreTarget {
  readonly householdId: string;
  /** The archive's member ids (as in members.json) mapped to accounts on this instance. */
  readonly userIdByArchiveUserId: ReadonlyMap<string, string>;
  /** The account that runs the import (author of anything whose author is unknown). */
  readonly importedBy: string;
  /** `manifest.sections[<id>]` as the export recorded it. */
  readonly metadata: Record<string, unknown>;
}

export interface SectionRestoreReport {
  readonly restored: number;
  /** What could not be restored, each with a reason a person can read. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  /** What the archive says was left out of it on purpose, for the import's report. */
  readonly notes?: readonly string[];
}

export interface PortableSection {
  /** Stable id, also the key in the manifest: `household`, `files`, `contacts`, `calendars`. */
  readonly id: string;
  /** Sections are written in ascending order (the household record first, files last). */
  readonly order: number;
  snapshot(householdId: string, scope: ExportScope): Promise<SectionSnapshot>;
  /**
   * Restores the section into the target household. Must be idempotent for a resumed import:
   * running it twice on the same target leaves the same result.
   */
  restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport>;
  /**
   * Checks every value of the archive this section's restore will store, as strictly as the API
   * checks the same values, before the import writes anything; `check` collects the problems,
   * each naming its entry and field. `metadata` is `manifest.sections[<id>]`.
   */
  check?(
    archive: ArchiveReader,
    metadata: Record<string, unknown>,
    check: ArchiveFieldCheck,
  ): Promise<void>;
}
