/** Refusals and failures of the imports library. Statuses are given beside each code. */
export enum ImportsErrorCode {
  /** 404: no such import (or it is not the caller's to see). */
  NotFound = 'IMPORT_NOT_FOUND',
  /** 400: the upload is empty, or its Content-Length is not a number. */
  EmptyArchive = 'IMPORT_EMPTY_ARCHIVE',
  /** 413: the upload is larger than the import limit (Content-Length, or counted while streaming). */
  ArchiveTooLarge = 'IMPORT_ARCHIVE_TOO_LARGE',
  /** 415: the archive was sent as JSON or a form; send the raw ZIP bytes. */
  UnsupportedMediaType = 'IMPORT_UNSUPPORTED_MEDIA_TYPE',
  /** 400: `owner` is not an email address. */
  InvalidOwner = 'IMPORT_INVALID_OWNER',
  /**
   * Recorded on a failed import (never an HTTP answer): the archive did not pass verification
   * (format, version, schema, checksums, paths, zip-bomb limits); `problems` lists why.
   */
  InvalidArchive = 'IMPORT_INVALID_ARCHIVE',
  /** Recorded: the archive's files do not fit the new household's storage quota. */
  QuotaExceeded = 'IMPORT_QUOTA_EXCEEDED',
  /** Recorded: not enough free disk space to hold the archive's files. */
  InsufficientDisk = 'IMPORT_INSUFFICIENT_DISK',
  /** Recorded: members.json is missing or unreadable, or names no owner. */
  InvalidMembers = 'IMPORT_INVALID_MEMBERS',
  /**
   * Recorded: a value of the archive that the API would refuse (an email that is not one
   * address, a media type with a line break, a NUL, a date that does not exist, ...); `problems`
   * names each entry and field (code INVALID_FIELD). Checked before anything is written.
   */
  InvalidField = 'IMPORT_INVALID_FIELD',
  /** Recorded: restoring failed after every attempt; the new household was removed. */
  RestoreFailed = 'IMPORT_RESTORE_FAILED',
}
