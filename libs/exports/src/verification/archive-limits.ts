/**
 * Limits that keep a hostile archive (a zip bomb) from costing more than it should. The
 * defaults fit any real household (a million entries, a tebibyte); an operator who imports
 * something bigger passes higher limits.
 */
export interface ArchiveLimits {
  /** Entries in the ZIP, manifest included. */
  readonly maxEntries: number;
  /** Sum of the entries' uncompressed sizes. */
  readonly maxTotalBytes: number;
  /**
   * Uncompressed / compressed size of one entry. Deflate tops out near 1032:1, so only
   * deliberately repetitive data comes close to the default.
   */
  readonly maxEntryRatio: number;
  /** Uncompressed / compressed size of all the entries together. */
  readonly maxTotalRatio: number;
  /** Ratios are only judged above this size: a small file of zeros is no bomb. */
  readonly ratioMinimumBytes: number;
  /** The manifest is parsed in memory; it lists every entry, so it may be large but not huge. */
  readonly maxManifestBytes: number;
  /** Problems listed in a report before the rest are only counted. */
  readonly maxProblems: number;
}

const GIB = 1024 ** 3;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = Object.freeze({
  maxEntries: 1_000_000,
  maxTotalBytes: 1024 * GIB,
  maxEntryRatio: 200,
  maxTotalRatio: 50,
  ratioMinimumBytes: 1024 * 1024,
  maxManifestBytes: 512 * 1024 * 1024,
  maxProblems: 1000,
});
