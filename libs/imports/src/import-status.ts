/** Where an import is. `done` and `failed` are final. */
export enum ImportStatus {
  /** The archive is being checked; nothing has been written yet. */
  Validating = 'validating',
  /** The new household (invisible to everyone) is being filled. */
  Importing = 'importing',
  /** Everything is restored; the household is being revealed to its members. */
  Verifying = 'verifying',
  Done = 'done',
  /** Nothing of it is left but this record (the household was removed, or never created). */
  Failed = 'failed',
}

/** Where the archive came from. */
export enum ImportSourceKind {
  /** A file on the machine (`foyer import <archive>`). */
  File = 'file',
  /** Uploaded to `POST /api/v1/imports`. */
  Upload = 'upload',
  /** Pulled from another Foyer (`foyer migrate`). */
  Migration = 'migration',
}
