/**
 * What `ArchiveVerifier` can find wrong with an archive. The codes are stable (programs and the
 * importer match on them); the messages beside them are for people and may change.
 */
export enum ArchiveProblemCode {
  /** The file is not a ZIP at all (no end of central directory), or its directory is unreadable. */
  NotAZip = 'NOT_A_ZIP',
  /** The ZIP structure is damaged: central directory, local headers or sizes do not agree. */
  ZipStructure = 'ZIP_STRUCTURE',
  /** There is no `manifest.json`: the archive never finished, or is not a Foyer export. */
  ManifestMissing = 'MANIFEST_MISSING',
  /** `manifest.json` is not the last entry (the writer adds it once everything else is complete). */
  ManifestNotLast = 'MANIFEST_NOT_LAST',
  ManifestTooLarge = 'MANIFEST_TOO_LARGE',
  ManifestInvalidJson = 'MANIFEST_INVALID_JSON',
  /** `manifest.json` does not follow docs/export-manifest.schema.json. */
  ManifestSchema = 'MANIFEST_SCHEMA',
  /** The same path is listed twice in the manifest. */
  ManifestDuplicatePath = 'MANIFEST_DUPLICATE_PATH',
  /** `format` is not `foyer-export`. */
  WrongFormat = 'WRONG_FORMAT',
  /** A `foyer-export` version this program does not know. */
  UnsupportedVersion = 'UNSUPPORTED_VERSION',
  /** The manifest's counts do not match its entries. */
  CountMismatch = 'COUNT_MISMATCH',
  /** Listed in the manifest, absent from the ZIP. */
  MissingEntry = 'MISSING_ENTRY',
  /** In the ZIP, not listed in the manifest. */
  ExtraEntry = 'EXTRA_ENTRY',
  /** A folder in one place and a file in the other. */
  EntryTypeMismatch = 'ENTRY_TYPE_MISMATCH',
  /** The bytes do not have the size the manifest (or the ZIP directory) says. */
  SizeMismatch = 'SIZE_MISMATCH',
  /** The bytes do not have the SHA-256 the manifest says. */
  ChecksumMismatch = 'CHECKSUM_MISMATCH',
  /** The bytes do not have the CRC-32 the ZIP directory says. */
  CrcMismatch = 'CRC_MISMATCH',
  /** The entry's data cannot be read (bad local header, truncated or undecodable data). */
  CorruptEntry = 'CORRUPT_ENTRY',
  /** The ZIP's modification time is not the manifest's `modifiedAt` (to the second). */
  MtimeMismatch = 'MTIME_MISMATCH',
  /** Absolute, `..`, `.`, empty segment, backslash, NUL or control character, or not UTF-8. */
  UnsafePath = 'UNSAFE_PATH',
  /** Two entries whose paths are equal once normalised to Unicode NFC. */
  DuplicatePath = 'DUPLICATE_PATH',
  SymlinkEntry = 'SYMLINK_ENTRY',
  /** A device, FIFO or socket entry (Unix mode in the external attributes). */
  SpecialEntry = 'SPECIAL_ENTRY',
  EncryptedEntry = 'ENCRYPTED_ENTRY',
  /** Neither stored nor deflated. */
  UnsupportedCompression = 'UNSUPPORTED_COMPRESSION',
  /** Two entries' data overlap in the file (the trick of non-recursive zip bombs). */
  OverlappingEntries = 'OVERLAPPING_ENTRIES',
  /** One entry expands more than `maxEntryRatio` times. */
  EntryRatioTooHigh = 'ENTRY_RATIO_TOO_HIGH',
  /** The whole archive expands more than `maxTotalRatio` times. */
  TotalRatioTooHigh = 'TOTAL_RATIO_TOO_HIGH',
  /** The entries add up to more than `maxTotalBytes`. */
  TotalSizeTooLarge = 'TOTAL_SIZE_TOO_LARGE',
  /** More than `maxEntries` entries. */
  TooManyEntries = 'TOO_MANY_ENTRIES',
  /** The list of problems was cut at `maxProblems`. */
  TooManyProblems = 'TOO_MANY_PROBLEMS',
}
