/**
 * Refusals of the files library, with their HTTP status. Thrown by FilesService (and the HTTP
 * helpers beside the controller), so a WebDAV layer on the same service maps the same codes.
 */
export enum FilesErrorCode {
  /**
   * 400: a name is empty, longer than 255 bytes of UTF-8 (after NFC normalisation), contains
   * `/`, NUL or another control character, or is `.` or `..`.
   */
  InvalidName = 'INVALID_NAME',
  /** 400: a path is not absolute (`/dir/name`), or names the root where a file or folder is needed. */
  InvalidPath = 'INVALID_PATH',
  /** 409: a file or folder of that name is already in the folder (the trash does not count). */
  NameTaken = 'NAME_TAKEN',
  /** 404: no such file or folder (or trash item) in this household. */
  NotFound = 'NOT_FOUND',
  /** 409: the path goes through, or lists, a file where a folder is needed. */
  NotAFolder = 'NOT_A_FOLDER',
  /** 409: the path names a folder where a file is needed (download, overwrite). */
  NotAFile = 'NOT_A_FILE',
  /** 400: a folder cannot be moved or copied into itself or one of its descendants. */
  InvalidMove = 'INVALID_MOVE',
  /**
   * 507 (Insufficient Storage, as WebDAV answers it): the household's storage quota would be
   * exceeded. Checked before an upload (Content-Length) and while it streams; the trash counts.
   */
  QuotaExceeded = 'QUOTA_EXCEEDED',
  /** 412: If-Match or If-None-Match did not hold. */
  PreconditionFailed = 'PRECONDITION_FAILED',
  /** 416: the byte range starts past the end of the file; `Content-Range: bytes * /<size>` says its size. */
  RangeNotSatisfiable = 'RANGE_NOT_SATISFIABLE',
  /** 400: the client stopped sending before the body was complete; nothing was kept. */
  UploadIncomplete = 'UPLOAD_INCOMPLETE',
}
