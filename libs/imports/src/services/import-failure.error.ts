import type { ImportFailure } from './import-report';

/**
 * A failure no retry can cure (the archive is bad, or does not fit): the import ends as
 * `failed` at once instead of being attempted again.
 */
export class PermanentImportFailure extends Error {
  constructor(readonly failure: ImportFailure) {
    super(failure.message);
    this.name = 'PermanentImportFailure';
  }
}
